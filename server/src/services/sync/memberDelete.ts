import type { MutationPayload } from '../../../../src/core/mutations'
import { notFound } from '../../errors'
import { HouseholdRepository, covers, locationOf } from '../../repositories/households'
import { MemberRepository } from '../../repositories/members'
import type { Change } from '../../repositories/changeLog'
import { deleted, type ApplyContext } from './context'

/** Soft delete; deleting an already deleted member changes nothing. */
export async function applyMemberDelete(ctx: ApplyContext, payload: MutationPayload<'member.delete'>): Promise<Change[]> {
  const members = new MemberRepository(ctx.db)
  const member = await members.findById(payload.id)
  const household = member ? await new HouseholdRepository(ctx.db).findById(member.household_id) : undefined
  if (!member || !household || !covers(ctx.actor.scope, locationOf(household))) throw notFound('成员')
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
