import type { MutationPayload } from '../../../../../src/core/mutations'
import { AppError, notFound } from '../../../errors'
import { HouseholdRepository, locationOf, type HouseholdLocation } from '../../households/householdRepository'
import { GridRepository } from '../../regions/gridRepository'
import { MemberRepository } from '../../households/memberRepository'
import { VisitRepository } from '../../households/visitRepository'
import { CertificationRepository } from '../../certifications/certificationRepository'
import type { Change } from '../changeLogRepository'
import { liveHouseholdInScope, movedOrUpserted, type ApplyContext } from './context'
import { householdSnapshot, recordOverwrites } from './history'

/**
 * A village admin moves a household to another grid of the same village. Members and
 * visits hang off the household, so moving it moves them; the change log says delete in the old grid
 * and upsert in the new one for the household and each of its members, visits and certifications, so
 * both grids' phones follow on their next pull. Moving to the grid it is in changes nothing.
 */
export async function applyHouseholdMove(ctx: ApplyContext, payload: MutationPayload<'household.move'>): Promise<Change[]> {
  if (ctx.actor.role !== 'village_admin') throw new AppError('FORBIDDEN', '只有村/社区管理员可以调整户所在网格')
  const household = await liveHouseholdInScope(ctx, payload.id, '户')
  // A village admin's scope is their village: both grids found through it are in that village.
  const grid = await new GridRepository(ctx.db).findVisible(payload.gridId, ctx.actor.scope)
  if (!grid) throw notFound('网格')
  if (grid.id === household.grid_id) return []

  const households = new HouseholdRepository(ctx.db)
  await households.update(household.id, { grid_id: grid.id, version: household.version + 1, updated_at: ctx.now, updated_by: ctx.actor.userId })
  const moved = (await households.find(household.id, ctx.actor.scope))!
  await recordOverwrites(ctx, { entity: 'household', entityId: household.id, gridId: household.grid_id }, householdSnapshot(household), householdSnapshot(moved))
  const from = locationOf(household)
  const to: HouseholdLocation = { gridId: grid.id, villageCode: grid.village_code }
  const memberIds = await new MemberRepository(ctx.db).liveIdsOfHousehold(household.id)
  const visitIds = await new VisitRepository(ctx.db).idsOfHousehold(household.id)
  const certifications = await new CertificationRepository(ctx.db).listOfHousehold(household.id)
  return [
    ...movedOrUpserted('household', household.id, from, to),
    ...memberIds.flatMap((id) => movedOrUpserted('member', id, from, to)),
    ...visitIds.flatMap((id) => movedOrUpserted('visit', id, from, to)),
    ...certifications.flatMap((certification) => movedOrUpserted('certification', certification.id, from, to))
  ]
}
