import type { HouseholdSummary } from '@/core/api'
import { currentQuarterInstants } from '@/core/period'
import { visitedIn } from '@/core/visitTimes'

/**
 * The order a grid worker goes through their households in: the most to do first.
 * 0: not visited this quarter and some eligible member not registered (both indicators gain);
 * 1: not visited this quarter; 2: not everyone eligible registered; 3: nothing to do.
 * "Visited this quarter" is the core's visitedIn: the phone's copy knows every visit
 * (gridCache.visitedThisQuarter); a summary from the server only its latest (visitedBySummary).
 */
export type HouseholdNeed = 0 | 1 | 2 | 3

type NeedFacts = Pick<HouseholdSummary, 'eligible' | 'registered'>

export function needOf(household: NeedFacts, visited: boolean): HouseholdNeed {
  const unregistered = household.registered < household.eligible
  if (!visited && unregistered) return 0
  if (!visited) return 1
  if (unregistered) return 2
  return 3
}

/**
 * Whether a household listed by GET /households was visited this quarter, from the one visit its
 * summary names (its latest): a household of a list the phone keeps no copy of.
 */
export function visitedBySummary(household: Pick<HouseholdSummary, 'lastVisitAt'>, now: Date): boolean {
  return visitedIn(household.lastVisitAt ? [{ at: household.lastVisitAt }] : [], currentQuarterInstants(now))
}

/**
 * A copy of `households` ordered by need; households with the same need keep their given order,
 * which is the list's address order.
 */
export function byWhatNeedsDoing<T extends NeedFacts>(households: ReadonlyArray<T>, isVisited: (household: T) => boolean): T[] {
  return households
    .map((household, index) => ({ household, index, need: needOf(household, isVisited(household)) }))
    .sort((a, b) => a.need - b.need || a.index - b.index)
    .map(({ household }) => household)
}
