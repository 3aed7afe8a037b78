import type { MutationPayload } from '../../../../../src/core/mutations'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import type { Change } from '../changeLogRepository'
import { deleted, type ApplyContext } from './context'

/**
 * Soft delete (kept for history and review); deleting an already deleted household changes nothing.
 * Its live members are deleted with it, so that later edits of them are refused as edits of any deleted
 * record are (a phone that pulled the deletes can tell so beforehand). Its members and visits leave the
 * grid's devices with it, so the change log says delete for each.
 */
export function applyHouseholdDelete(ctx: ApplyContext, payload: MutationPayload<'household.delete'>): Change[] {
  const household = ctx.state.householdInScope(payload.id)
  if (!household) throw notFound('户')
  if (household.deleted_at) return []
  const stamp = { deleted_at: ctx.now, deleted_by: ctx.actor.userId, updated_at: ctx.now, updated_by: ctx.actor.userId }
  ctx.state.put('households', { ...household, ...stamp, version: household.version + 1 })
  const members = ctx.state.liveMembersOf(household.id)
  for (const member of members) ctx.state.put('members', { ...member, ...stamp, version: member.version + 1 })
  const at = locationOf(household)
  return [
    deleted('household', household.id, at),
    ...members.map((member) => deleted('member', member.id, at)),
    ...ctx.state.visitsOf(household.id).map((visit) => deleted('visit', visit.id, at))
  ]
}
