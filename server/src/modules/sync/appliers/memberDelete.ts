import type { MutationPayload } from '../../../../../src/core/mutations'
import { notFound } from '../../../errors'
import { HouseholdRepository, locationOf } from '../../households/householdRepository'
import { MemberRepository } from '../../households/memberRepository'
import type { Change } from '../changeLogRepository'
import { deleted, type ApplyContext } from './context'

/** Soft delete; deleting an already deleted member changes nothing. */
export async function applyMemberDelete(ctx: ApplyContext, payload: MutationPayload<'member.delete'>): Promise<Change[]> {
  const members = new MemberRepository(ctx.db)
  const member = await members.findById(payload.id)
  const household = member ? await new HouseholdRepository(ctx.db).find(member.household_id, ctx.actor.scope) : undefined
  if (!member || !household) throw notFound('成员')
  if (member.deleted_at) return []
  await members.update(member.id, {
    deleted_at: ctx.now,
    deleted_by: ctx.actor.userId,
    updated_at: ctx.now,
    updated_by: ctx.actor.userId,
    version: member.version + 1
  })
  return [deleted('member', member.id, locationOf(household))]
}
