import type { MutationPayload } from '../../../../src/core/mutations'
import { notFound } from '../../errors'
import { HouseholdRepository, addressColumns, covers, locationOf, type HouseholdLocation } from '../../repositories/households'
import { MemberRepository } from '../../repositories/members'
import { VisitRepository } from '../../repositories/visits'
import type { Change } from '../../repositories/changeLog'
import { movedOrUpserted, upserted, type ApplyContext } from './context'
import { householdSnapshot, recordOverwrites } from './history'

/**
 * Creates or updates a household by its client UUID, so a create delivered twice updates. The grid
 * decides the village. Moving a household to another grid (both covered) moves its members and
 * visits with it in the change log. Values it replaces are kept in the record's history.
 */
export async function applyHouseholdUpsert(ctx: ApplyContext, payload: MutationPayload<'household.upsert'>): Promise<Change[]> {
  const households = new HouseholdRepository(ctx.db)
  const grid = await households.findGrid(payload.gridId)
  const target: HouseholdLocation | null = grid ? { gridId: grid.id, villageCode: grid.village_code } : null
  if (!target || !covers(ctx.actor.scope, target)) throw notFound('网格')

  const existing = await households.findById(payload.id)
  const stamp = { updated_at: ctx.now, updated_by: ctx.actor.userId }
  const placement = { grid_id: target.gridId, village_code: target.villageCode, ...addressColumns(payload.address) }
  if (!existing) {
    await households.insert({
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
  if (existing.deleted_at || !covers(ctx.actor.scope, locationOf(existing))) throw notFound('户')
  await households.update(existing.id, {
    ...placement,
    note: payload.note === undefined ? existing.note : payload.note || null,
    version: existing.version + 1,
    ...stamp
  })
  const updated = (await households.findById(existing.id))!
  await recordOverwrites(ctx, { entity: 'household', entityId: existing.id, gridId: existing.grid_id }, householdSnapshot(existing), householdSnapshot(updated))
  const from = locationOf(existing)
  const changes = movedOrUpserted('household', existing.id, from, target)
  if (from.gridId === target.gridId) return changes
  return changes.concat(await dependentsMoved(ctx, existing.id, from, target))
}

async function dependentsMoved(ctx: ApplyContext, householdId: string, from: HouseholdLocation, to: HouseholdLocation): Promise<Change[]> {
  const memberIds = await new MemberRepository(ctx.db).liveIdsOfHousehold(householdId)
  const visitIds = await new VisitRepository(ctx.db).idsOfHousehold(householdId)
  return [
    ...memberIds.flatMap((id) => movedOrUpserted('member', id, from, to)),
    ...visitIds.flatMap((id) => movedOrUpserted('visit', id, from, to))
  ]
}
