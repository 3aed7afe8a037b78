import type { MutationPayload } from '../../../../../src/core/mutations'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import type { Change } from '../changeLogRepository'
import { deleted, type ApplyContext } from './context'

/** Soft delete; deleting an already deleted member changes nothing. */
export function applyMemberDelete(ctx: ApplyContext, payload: MutationPayload<'member.delete'>): Change[] {
  const member = ctx.state.member(payload.id)
  const household = member ? ctx.state.householdInScope(member.household_id) : undefined
  if (!member || !household) throw notFound('成员')
  if (member.deleted_at) return []
  ctx.state.put('members', {
    ...member,
    deleted_at: ctx.now,
    deleted_by: ctx.actor.userId,
    updated_at: ctx.now,
    updated_by: ctx.actor.userId,
    version: member.version + 1
  })
  return [deleted('member', member.id, locationOf(household))]
}
