import type { z } from 'zod'
import { householdMoveSchema } from '../household'
import { isGone } from '../localGrid'
import type { MutationDefinition } from './definition'

/**
 * A village admin moves a household to another grid of the village (server: applyHouseholdMove). Its
 * members, visits and certifications follow it: the old grid's phones drop them on their next pull and
 * the new grid's receive them. Locally only the household's grid changes; an unknown or deleted
 * household, or a move to the grid it is in, changes nothing.
 */
export const householdMove: MutationDefinition<z.output<typeof householdMoveSchema>> = {
  schema: householdMoveSchema,
  applyLocally(grid, payload) {
    const household = grid.households[payload.id]
    if (!household || isGone(grid, payload.id) || household.gridId === payload.gridId) return grid
    return { ...grid, households: { ...grid.households, [payload.id]: { ...household, gridId: payload.gridId, version: household.version + 1 } } }
  },
  describe: () => '将户调整到其他网格',
  householdsTouched: (_grid, payload) => [payload.id]
}
