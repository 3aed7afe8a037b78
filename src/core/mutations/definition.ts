import type { z } from 'zod'
import type { LocalContext, LocalGrid } from '../localGrid'

/**
 * Everything the core says about one mutation type; `index.ts` keeps one per type of API.md. The
 * server's applier of the type (server/src/modules/sync/appliers/) is its other half: the local apply here
 * follows the same field rules and the same refusals, so what the phone shows before sending is what
 * the server will hold.
 */
export interface MutationDefinition<P> {
  /** The payload as API.md defines it: the app checks it before queueing, the server before applying. */
  readonly schema: z.ZodType<P>
  /**
   * The phone's copy once the server has applied the change (its optimistic view), by the server's
   * field rules. A change the server would refuse (an edit after a delete, a record it does not know)
   * leaves the copy as it is.
   */
  applyLocally(grid: LocalGrid, payload: P, context: LocalContext): LocalGrid
  /** One line in Chinese saying what the change is, for the sync page's lists. */
  describe(payload: P): string
  /** The households the change is about, found in the copy as it is before the change. */
  householdsTouched(grid: LocalGrid, payload: P): string[]
}
