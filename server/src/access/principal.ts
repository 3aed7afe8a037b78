import type { Role, User } from '../../../src/core/api'
import type { AuthenticatedSession } from './sessions'
import { Scope } from './scope'

export type StaffRole = Exclude<Role, 'resident'>

/**
 * Who is asking, made once per request by the authorization plugin from the bearer token:
 * - `staff`: a signed-in staff user with the scope of their region and grids;
 * - `resident`: a WeChat session not bound to staff, or a browser's session made from an invitation
 *   (POST /auth/invitation); it sees nothing (Scope.none) until the resident flow gives it the one
 *   household of the invitation it presents (certifications/resident.ts names the resident);
 * - `anonymous`: no token (public routes only).
 */
export type Principal =
  | { kind: 'anonymous'; scope: Scope }
  | { kind: 'resident'; session: AuthenticatedSession; scope: Scope }
  | { kind: 'staff'; session: AuthenticatedSession; user: User; role: StaffRole; scope: Scope }

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>
export type SessionPrincipal = Exclude<Principal, { kind: 'anonymous' }>

export const ANONYMOUS: Principal = { kind: 'anonymous', scope: Scope.none }

export function principalOf(session: AuthenticatedSession): SessionPrincipal {
  const user = session.user
  if (!user || user.role === 'resident') return { kind: 'resident', session, scope: Scope.none }
  return { kind: 'staff', session, user, role: user.role, scope: Scope.of(user) }
}

/**
 * Whether this staff member reads members' names in full: those who work with the households — the grid's
 * worker and the village's admin. Officials and admins see the same records with names masked (张*明):
 * they follow figures and gaps, and a name is not needed for that (DESIGN §5, minimum necessary).
 */
export function readsMemberNames(principal: StaffPrincipal): boolean {
  return principal.role === 'grid_worker' || principal.role === 'village_admin'
}
