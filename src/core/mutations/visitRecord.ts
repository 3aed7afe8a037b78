import type { z } from 'zod'
import type { VisitView } from '../api'
import { isGone } from '../localGrid'
import { VISIT_KIND_LABELS, visitRecordSchema } from '../visit'
import type { MutationDefinition } from './definition'

/**
 * Records a visit by its client UUID (server: applyVisitRecord): sending it again, or correcting it,
 * updates the same visit, which keeps who first recorded it and stays with its household.
 */
export const visitRecord: MutationDefinition<z.output<typeof visitRecordSchema>> = {
  schema: visitRecordSchema,
  applyLocally(grid, payload, context) {
    const existing = grid.visits[payload.id]
    if (!grid.households[payload.householdId] || isGone(grid, payload.id)) return grid
    if (existing && existing.householdId !== payload.householdId) return grid
    const visit: VisitView = {
      id: payload.id,
      householdId: payload.householdId,
      workerId: existing?.workerId ?? context.worker.id,
      workerName: existing?.workerName ?? context.worker.name,
      kind: payload.kind,
      // As the server stores it: UTC, so times compare as text (core/visitTimes).
      at: new Date(payload.at).toISOString(),
      actions: [...new Set(payload.actions)],
      note: payload.note || null
    }
    return { ...grid, visits: { ...grid.visits, [payload.id]: visit } }
  },
  describe: (payload) => `走访记录：${VISIT_KIND_LABELS[payload.kind]}`,
  householdsTouched: (_grid, payload) => [payload.householdId]
}
