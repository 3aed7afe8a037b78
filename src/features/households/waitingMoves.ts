import type { Mutation } from '@/core/mutations'

/**
 * The grid a household is in once the moves waiting in the outbox have reached the server (the last
 * one wins), or `gridId` when none waits. A household the phone has no copy of (a village admin's) is
 * read from the server, which does not know a move until it is pushed; this keeps the page on the grid
 * just chosen meanwhile, also without signal.
 */
export function gridAfterWaitingMoves(householdId: string, gridId: string, pending: ReadonlyArray<Mutation>): string {
  let grid = gridId
  for (const mutation of pending) {
    if (mutation.type === 'household.move' && mutation.payload.id === householdId) grid = mutation.payload.gridId
  }
  return grid
}
