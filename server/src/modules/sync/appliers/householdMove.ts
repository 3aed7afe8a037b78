import type { MutationPayload } from '../../../../../src/core/mutations'
import type { HouseholdRow } from '../../../db/schema'
import { AppError, notFound } from '../../../errors'
import { locationOf, type HouseholdLocation } from '../../households/householdRepository'
import type { Change } from '../changeLogRepository'
import { liveHouseholdInScope, movedOrUpserted, type ApplyContext } from './context'
import { householdSnapshot, recordOverwrites } from './history'

/**
 * A village admin moves a household to another grid of the same village. Members and
 * visits hang off the household, so moving it moves them; the change log says delete in the old grid
 * and upsert in the new one for the household and each of its members, visits and certifications, so
 * both grids' phones follow on their next pull. Moving to the grid it is in changes nothing.
 */
export function applyHouseholdMove(ctx: ApplyContext, payload: MutationPayload<'household.move'>): Change[] {
  if (ctx.actor.role !== 'village_admin') throw new AppError('FORBIDDEN', '只有村/社区管理员可以调整户所在网格')
  const household = liveHouseholdInScope(ctx, payload.id, '户')
  // A village admin's scope is their village: both grids found through it are in that village.
  const grid = ctx.state.visibleGrid(payload.gridId)
  if (!grid) throw notFound('网格')
  if (grid.id === household.grid_id) return []

  const moved: HouseholdRow = { ...household, grid_id: grid.id, version: household.version + 1, updated_at: ctx.now, updated_by: ctx.actor.userId }
  ctx.state.put('households', moved)
  recordOverwrites(ctx, { entity: 'household', entityId: household.id, ...locationOf(household) }, householdSnapshot(household), householdSnapshot(moved))
  const from = locationOf(household)
  const to: HouseholdLocation = { gridId: grid.id, villageCode: grid.village_code }
  return [
    ...movedOrUpserted('household', household.id, from, to),
    ...ctx.state.liveMembersOf(household.id).flatMap((member) => movedOrUpserted('member', member.id, from, to)),
    ...ctx.state.visitsOf(household.id).flatMap((visit) => movedOrUpserted('visit', visit.id, from, to)),
    ...ctx.state.certificationsOf(household.id).flatMap((certification) => movedOrUpserted('certification', certification.id, from, to))
  ]
}
