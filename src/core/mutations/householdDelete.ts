import type { z } from 'zod'
import { householdDeleteSchema } from '../household'
import { membersOfHousehold, visitsOfHousehold, withoutRecords } from '../localGrid'
import type { MutationDefinition } from './definition'

/**
 * Deletes a household with its members and visits (server: applyHouseholdDelete, which deletes the
 * members too and tells the grid's devices to drop all three); later edits of any of them are refused.
 */
export const householdDelete: MutationDefinition<z.output<typeof householdDeleteSchema>> = {
  schema: householdDeleteSchema,
  applyLocally(grid, payload) {
    if (!grid.households[payload.id]) return grid
    return withoutRecords(grid, {
      households: [payload.id],
      members: membersOfHousehold(grid, payload.id).map((member) => member.id),
      visits: visitsOfHousehold(grid, payload.id).map((visit) => visit.id)
    })
  },
  describe: () => '删除户',
  householdsTouched: (_grid, payload) => [payload.id]
}
