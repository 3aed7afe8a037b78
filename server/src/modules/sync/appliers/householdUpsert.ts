import type { MutationPayload } from '../../../../../src/core/mutations'
import { notFound } from '../../../errors'
import { HouseholdRepository, addressColumns, locationOf, type HouseholdLocation } from '../../households/householdRepository'
import { GridRepository } from '../../regions/gridRepository'
import { MemberRepository } from '../../households/memberRepository'
import { VisitRepository } from '../../households/visitRepository'
import type { Change } from '../changeLogRepository'
import { householdDeleted, movedOrUpserted, upserted, type ApplyContext } from './context'
import { householdSnapshot, recordOverwrites } from './history'

/**
 * Creates or updates a household by its client UUID, so a create delivered twice updates. The grid
 * decides the village. Moving a household to another grid (both covered) moves its members and
 * visits with it in the change log. Values it replaces are kept in the record's history.
 */
export async function applyHouseholdUpsert(ctx: ApplyContext, payload: MutationPayload<'household.upsert'>): Promise<Change[]> {
  const households = new HouseholdRepository(ctx.db)
  const grid = await new GridRepository(ctx.db).findVisible(payload.gridId, ctx.actor.scope)
  if (!grid) throw notFound('网格')
  const target: HouseholdLocation = { gridId: grid.id, villageCode: grid.village_code }

  const existing = await households.find(payload.id, ctx.actor.scope)
  const stamp = { updated_at: ctx.now, updated_by: ctx.actor.userId }
  const placement = { grid_id: target.gridId, village_code: target.villageCode, ...addressColumns(payload.address) }
  if (!existing) {
    // An id already taken by a household outside the scope is refused like an unknown one.
    if (await households.isTaken(payload.id)) throw notFound('户')
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
  if (existing.deleted_at) throw await householdDeleted(ctx, existing)
  await households.update(existing.id, {
    ...placement,
    note: payload.note === undefined ? existing.note : payload.note || null,
    version: existing.version + 1,
    ...stamp
  })
  const updated = (await households.find(existing.id, ctx.actor.scope))!
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
