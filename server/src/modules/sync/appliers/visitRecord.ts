import type { MutationPayload } from '../../../../../src/core/mutations'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import type { Change } from '../changeLogRepository'
import { liveHouseholdInScope, upserted, type ApplyContext } from './context'
import { recordOverwrites, visitSnapshot } from './history'

/**
 * Records a visit by its client UUID: delivering it again (or correcting it) updates the same visit,
 * which keeps the worker who first recorded it and stays with its household; replaced values go to
 * the record's history.
 */
export function applyVisitRecord(ctx: ApplyContext, payload: MutationPayload<'visit.record'>): Change[] {
  const household = liveHouseholdInScope(ctx, payload.householdId, '户')
  const existing = ctx.state.visit(payload.id)
  const fields = {
    kind: payload.kind,
    // Stored in UTC so that period bounds compare as strings on both databases.
    at: new Date(payload.at).toISOString(),
    actions: JSON.stringify([...new Set(payload.actions)]),
    note: payload.note || null
  }
  if (!existing) {
    ctx.state.put('visits', { id: payload.id, household_id: household.id, county_code: household.county_code, worker_id: ctx.actor.userId, created_at: ctx.now, ...fields })
  } else if (existing.household_id === household.id) {
    const updated = { ...existing, ...fields }
    ctx.state.put('visits', updated)
    recordOverwrites(ctx, { entity: 'visit', entityId: existing.id, ...locationOf(household) }, visitSnapshot(existing), visitSnapshot(updated))
  } else {
    throw notFound('走访记录')
  }
  return [upserted('visit', payload.id, locationOf(household))]
}
