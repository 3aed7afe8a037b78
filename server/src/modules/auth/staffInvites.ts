import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Role } from '../../../../src/core/api'
import { hashToken } from '../../crypto/tokens'
import { AppError } from '../../errors'
import { StaffInviteRepository, type StaffInviteRow } from './staffInviteRepository'
import { UserRepository } from '../../access/userRepository'
import type { FieldCipher } from '../../crypto/fieldCipher'

/** How long a staff invitation stays usable unless revoked (docs/security.md). */
export const STAFF_INVITE_TTL_DAYS = 7

export type StaffRole = Exclude<Role, 'resident'>

/** No 0/O or 1/I/L: the code is read off paper or a chat message and typed on a phone. */
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const INVITE_LENGTH = 8
const DAY_MS = 24 * 3600 * 1000

export interface NewStaffInvite {
  name: string
  role: StaffRole
  /** The region the new user will act for; a grid worker's village. */
  scopeRegionCode: string
  /** Grid workers: the grids they will work (at least one). */
  gridIds?: ReadonlyArray<string>
  /** The user who issued it; null for the demo seeder and command-line tools. */
  createdBy: string | null
  ttlDays: number
  /** Defaults to the wall clock; tests and the seeder pass the app's clock. */
  now?: Date
}

/** Random code grouped for reading aloud, e.g. `K7QF-2MXA` (31^8 ≈ 8.5e11 possibilities). */
function newInviteCode(): string {
  const chars = Array.from({ length: INVITE_LENGTH }, () => INVITE_ALPHABET[crypto.randomInt(INVITE_ALPHABET.length)])
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`
}

/** Case, spaces and dashes do not matter when the code is typed back in. */
export function inviteCodeHash(code: string): string {
  return hashToken(code.toUpperCase().replace(/[\s-]/g, ''))
}

/** An invitation as the audit log names it: the code is a credential, so by a prefix of its hash. */
export function inviteTarget(code: string): string {
  return `staff-invite/${inviteCodeHash(code).slice(0, 16)}`
}

/** The grids a grid worker invitation names (none for other roles). */
export function invitedGridIds(invite: Pick<StaffInviteRow, 'grid_ids'>): string[] {
  return invite.grid_ids ? (JSON.parse(invite.grid_ids) as string[]) : []
}

/**
 * Stores a staff invitation and returns its code: hashed to be found when typed in, and encrypted so its
 * issuer's list can show it again until it is used, expires or is revoked.
 */
export async function createStaffInvite(db: Kysely<Database>, cipher: FieldCipher, invite: NewStaffInvite): Promise<{ code: string; expiresAt: string }> {
  if (invite.role === 'grid_worker' && !invite.gridIds?.length) throw new Error('a grid worker invitation needs a grid')
  const now = invite.now ?? new Date()
  const code = newInviteCode()
  const expiresAt = new Date(now.getTime() + invite.ttlDays * DAY_MS).toISOString()
  await new StaffInviteRepository(db).insert({
    code_hash: inviteCodeHash(code),
    code_cipher: cipher.encrypt(code),
    name: invite.name,
    role: invite.role,
    scope_region_code: invite.scopeRegionCode,
    grid_ids: invite.gridIds?.length ? JSON.stringify(invite.gridIds) : null,
    created_by: invite.createdBy,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_by: null,
    used_at: null
  })
  return { code, expiresAt }
}

/**
 * Turns an invitation into a staff user holding this WeChat identity and returns the user's id.
 * Call inside a transaction: the user, their grid and the used invitation are written together.
 */
export async function redeemStaffInvite(db: Kysely<Database>, input: { code: string; wechatOpenid: string; now: Date }): Promise<string> {
  const invites = new StaffInviteRepository(db)
  const now = input.now.toISOString()
  const codeHash = inviteCodeHash(input.code)
  const invite = await invites.findUsable(codeHash, now)
  const userId = crypto.randomUUID()
  if (!invite || !(await invites.markUsed(codeHash, userId, now))) throw new AppError('NOT_FOUND', '邀请码无效或已过期')
  await new UserRepository(db).insert(
    {
      id: userId,
      username: null,
      password_hash: null,
      name: invite.name,
      role: invite.role,
      scope_region_code: invite.scope_region_code,
      wechat_openid: input.wechatOpenid,
      created_at: now,
      disabled_at: null
    },
    invitedGridIds(invite)
  )
  return userId
}
