import type { z } from 'zod'
import { householdOfMember, withoutRecords } from '../localGrid'
import { memberDeleteSchema } from '../member'
import type { MutationDefinition } from './definition'

/** Deletes a member (server: applyMemberDelete); later edits of it are refused. */
export const memberDelete: MutationDefinition<z.output<typeof memberDeleteSchema>> = {
  schema: memberDeleteSchema,
  applyLocally: (grid, payload) => (grid.members[payload.id] ? withoutRecords(grid, { members: [payload.id] }) : grid),
  describe: () => '删除成员',
  householdsTouched: (grid, payload) => householdOfMember(grid, payload.id)
}

