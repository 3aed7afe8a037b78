import type { VillageFactsInput } from '@/core/campaign'
import type { ScoredIndicator } from '@/core/scoring'

/**
 * A village's facts as they stand, read back from its score: the volunteer team is the 反诈志愿者队伍
 * indicator's numerator (1 or 0), the warnings are the 预警劝阻跟进 indicator's numerator (followed up)
 * and denominator (received). The score reads the facts as they are now whatever the period
 * (campaignFactsOf), so these are exactly what PUT /villages/:code/facts stored; a village with none
 * stored reads as no team and no warnings, which is also how it is scored.
 */
export function factsOfScore(indicators: ReadonlyArray<ScoredIndicator>): VillageFactsInput | null {
  const team = indicators.find((indicator) => indicator.key === 'volunteer_team')
  const warnings = indicators.find((indicator) => indicator.key === 'alert_followup')
  if (!team || !warnings) return null
  return { volunteerTeam: team.numerator === 1, warningsReceived: warnings.denominator, warningsFollowedUp: warnings.numerator }
}
