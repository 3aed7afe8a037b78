import type { MutationPayload } from '../../../../../src/core/mutations'
import { notFound } from '../../../errors'
import { HouseholdRepository, locationOf } from '../../households/householdRepository'
import { MemberRepository } from '../../households/memberRepository'
import { VisitRepository } from '../../households/visitRepository'
import type { Change } from '../changeLogRepository'
import { deleted, type ApplyContext } from './context'

/**
 * Soft delete (kept for history and review); deleting an already deleted household changes nothing.
 * Its live members are deleted with it, so that later edits of them are refused as edits of any deleted
 * record are (a phone that pulled the deletes can tell so beforehand). Its members and visits leave the
 * grid's devices with it, so the change log says delete for each.
 */
export async function applyHouseholdDelete(ctx: ApplyContext, payload: MutationPayload<'household.delete'>): Promise<Change[]> {
  const households = new HouseholdRepository(ctx.db)
  const household = await households.find(payload.id, ctx.actor.scope)
  if (!household) throw notFound('户')
  if (household.deleted_at) return []
  await households.update(household.id, {
    deleted_at: ctx.now,
    deleted_by: ctx.actor.userId,
    updated_at: ctx.now,
    updated_by: ctx.actor.userId,
    version: household.version + 1
  })
  const at = locationOf(household)
  const memberIds = await new MemberRepository(ctx.db).deleteLiveOfHousehold(household.id, { at: ctx.now, by: ctx.actor.userId })
  const visitIds = await new VisitRepository(ctx.db).idsOfHousehold(household.id)
  return [
    deleted('household', household.id, at),
    ...memberIds.map((id) => deleted('member', id, at)),
    ...visitIds.map((id) => deleted('visit', id, at))
  ]
}
