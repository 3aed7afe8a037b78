import { DEFAULT_RULES, scoreIndicators, type CampaignFacts } from '@/core/scoring'
import { factsOfScore } from '@/features/campaign/villageFacts'

/** The facts form reads the stored facts back from the score the core computes from them. */
const TALLIES = { households: 10, visitedHouseholds: 4, eligible: 20, registered: 12, priority: 5, coveredPriority: 2 }

function campaign(facts: Pick<CampaignFacts, 'volunteerTeam' | 'warningsReceived' | 'warningsFollowedUp'>): CampaignFacts {
  return { period: { label: '2026Q4', start: '2026-10-01', end: '2026-12-31' }, year: 2026, activities: 2, cases: [], ...facts }
}

test.each([
  { volunteerTeam: true, warningsReceived: 3, warningsFollowedUp: 2 },
  { volunteerTeam: false, warningsReceived: 0, warningsFollowedUp: 0 },
  { volunteerTeam: true, warningsReceived: 7, warningsFollowedUp: 7 },
  { volunteerTeam: false, warningsReceived: 12, warningsFollowedUp: 0 }
])('the facts scored are the facts read back: %o', (facts) => {
  expect(factsOfScore(scoreIndicators(TALLIES, campaign(facts), DEFAULT_RULES))).toEqual(facts)
})

test('a score without the two indicators gives no facts rather than made-up ones', () => {
  const indicators = scoreIndicators(TALLIES, campaign({ volunteerTeam: true, warningsReceived: 1, warningsFollowedUp: 1 }), DEFAULT_RULES)
  expect(factsOfScore(indicators.filter((indicator) => indicator.key !== 'alert_followup'))).toBeNull()
})
