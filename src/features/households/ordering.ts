import type { HouseholdSummary } from '@/core/api'
import { currentQuarter, periodInstants } from '@/core/period'

/**
 * The order a grid worker goes through their households in: the most to do first.
 * 0: not visited this quarter and some eligible member not registered (both indicators gain);
 * 1: not visited this quarter; 2: not everyone eligible registered; 3: nothing to do.
 */
export type HouseholdNeed = 0 | 1 | 2 | 3

type NeedFacts = Pick<HouseholdSummary, 'eligible' | 'registered' | 'lastVisitAt'>

/** Whether `lastVisitAt` falls in the current calendar quarter (China time), the scoring period. */
export function visitedThisQuarter(lastVisitAt: string | null, now: Date): boolean {
  if (!lastVisitAt) return false
  const { from, to } = periodInstants(currentQuarter(now))
  const at = Date.parse(lastVisitAt)
  return at >= Date.parse(from) && at < Date.parse(to)
}

export function needOf(household: NeedFacts, now: Date): HouseholdNeed {
  const unregistered = household.registered < household.eligible
  const visited = visitedThisQuarter(household.lastVisitAt, now)
  if (!visited && unregistered) return 0
  if (!visited) return 1
  if (unregistered) return 2
  return 3
}

/**
 * A copy of `households` ordered by need; households with the same need keep their given order,
 * which is the server's address order.
 */
export function byWhatNeedsDoing<T extends NeedFacts>(households: ReadonlyArray<T>, now: Date): T[] {
  return households
    .map((household, index) => ({ household, index, need: needOf(household, now) }))
    .sort((a, b) => a.need - b.need || a.index - b.index)
    .map(({ household }) => household)
}
