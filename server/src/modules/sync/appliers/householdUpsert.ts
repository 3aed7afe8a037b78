import type { MutationPayload } from '../../../../../src/core/mutations'
import { countyCodeOf } from '../../../../../src/core/regions'
import type { HouseholdRow } from '../../../db/schema'
import { notFound } from '../../../errors'
import { addressColumns, locationOf, type HouseholdLocation } from '../../households/householdRepository'
import type { Change } from '../changeLogRepository'
import { householdDeleted, movedOrUpserted, upserted, type ApplyContext } from './context'
import { householdSnapshot, recordOverwrites } from './history'

/**
 * Creates or updates a household by its client UUID, so a create delivered twice updates. The grid
 * decides the village. Moving a household to another grid (both covered) moves its members and
 * visits with it in the change log. Values it replaces are kept in the record's history.
 */
export function applyHouseholdUpsert(ctx: ApplyContext, payload: MutationPayload<'household.upsert'>): Change[] {
  const grid = ctx.state.visibleGrid(payload.gridId)
  if (!grid) throw notFound('网格')
  const target: HouseholdLocation = { gridId: grid.id, villageCode: grid.village_code }

  const existing = ctx.state.householdInScope(payload.id)
  const stamp = { updated_at: ctx.now, updated_by: ctx.actor.userId }
  const placement = { grid_id: target.gridId, village_code: target.villageCode, county_code: countyCodeOf(target.villageCode), ...addressColumns(payload.address) }
  if (!existing) {
    // An id already taken by a household outside the scope is refused like an unknown one.
    if (ctx.state.household(payload.id)) throw notFound('户')
    ctx.state.put('households', {
      id: payload.id,
      ...placement,
      note: payload.note || null,
      version: 1,
      created_at: ctx.now,
      created_by: ctx.actor.userId,
      ...stamp,
      deleted_at: null,
      deleted_by: null
    })
    return [upserted('household', payload.id, target)]
  }
  if (existing.deleted_at) throw householdDeleted(ctx, existing)
  const updated: HouseholdRow = {
    ...existing,
    ...placement,
    note: payload.note === undefined ? existing.note : payload.note || null,
    version: existing.version + 1,
    ...stamp
  }
  ctx.state.put('households', updated)
  recordOverwrites(ctx, { entity: 'household', entityId: existing.id, ...locationOf(existing) }, householdSnapshot(existing), householdSnapshot(updated))
  const from = locationOf(existing)
  const changes = movedOrUpserted('household', existing.id, from, target)
  if (from.gridId === target.gridId) return changes
  return changes.concat(dependentsMoved(ctx, existing.id, from, target))
}

function dependentsMoved(ctx: ApplyContext, householdId: string, from: HouseholdLocation, to: HouseholdLocation): Change[] {
  return [
    ...ctx.state.liveMembersOf(householdId).flatMap((member) => movedOrUpserted('member', member.id, from, to)),
    ...ctx.state.visitsOf(householdId).flatMap((visit) => movedOrUpserted('visit', visit.id, from, to))
  ]
}
