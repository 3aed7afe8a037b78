import { isEligible, type MemberFacts } from './member'
import type { AppStatusValue } from './appStatus'

export interface MemberCoverageFacts extends MemberFacts {
  appStatus?: AppStatusValue | null
}

export interface CoverageCounts {
  eligible: number
  registered: number
}

/**
 * Registered among the eligible, the numerator and denominator of app coverage. A registered member
 * who is not eligible (a child, someone away) does not count, so the rate never exceeds 100%.
 */
export function countCoverage(members: ReadonlyArray<MemberCoverageFacts>, year: number): CoverageCounts {
  let eligible = 0
  let registered = 0
  for (const member of members) {
    if (!isEligible(member, year)) continue
    eligible++
    if (member.appStatus === 'registered') registered++
  }
  return { eligible, registered }
}

/** A rate in [0, 1], or 0 when there is nobody to count. */
export function rate(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator
}

export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`
}
