import type { Period } from '../../../../src/core/period'
import type { CampaignFacts, VillageTallies } from '../../../../src/core/scoring'

/**
 * A village's campaign records for a period. Activities, the volunteer team, 96110 warnings and case
 * records have no tables yet: until they do, every village has none of them.
 */
export function campaignFactsOf(period: Period, year: number): CampaignFacts {
  return { period, year, activities: 0, volunteerTeam: false, warningsReceived: 0, warningsFollowedUp: 0, cases: [] }
}

/** A village with no households yet: it still appears on the dashboard, with no points. */
export const EMPTY_TALLIES: VillageTallies = { households: 0, visitedHouseholds: 0, eligible: 0, registered: 0, priority: 0, coveredPriority: 0 }
