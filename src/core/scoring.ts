import type { MemberCoverageFacts } from './coverage'
import type { Period } from './period'
import type { VillageStatus } from './api'

/**
 * The 无诈社区 score of one village for one period (DESIGN.md §3). Pure: the server gathers the facts,
 * this decides the points, so the app, the server and the tests agree on every number.
 */

export type IndicatorKey =
  | 'app_coverage'
  | 'visit_coverage'
  | 'priority_coverage'
  | 'activities'
  | 'volunteer_team'
  | 'alert_followup'

export type CaseKind = 'incident' | 'suspect' | 'den'

export interface ScoringMember extends MemberCoverageFacts {
  id: string
  householdId: string
}

export interface ScoringHousehold {
  id: string
  /** At least one visit of any kind inside the period. */
  visitedInPeriod: boolean
}

export interface VillageFacts {
  period: Period
  /** Calendar year (China time) used for ages. */
  year: number
  households: ReadonlyArray<ScoringHousehold>
  members: ReadonlyArray<ScoringMember>
  /** 宣传活动 in the period. */
  activities: number
  volunteerTeam: boolean
  warningsReceived: number
  warningsFollowedUp: number
  /** Case records of the village inside the period: any one vetoes. */
  cases: ReadonlyArray<{ id: string; kind: CaseKind; date: string }>
}

export interface RuleSet {
  id: string
  version: number
  passPoints: number
  appCoverage: { maxPoints: number; floor: number; target: number }
  visitCoverage: { maxPoints: number }
  priorityCoverage: { maxPoints: number }
  activities: { maxPoints: number; perMonth: number }
  volunteerTeam: { maxPoints: number }
  alertFollowup: { maxPoints: number }
}

export interface ScoredIndicator {
  key: IndicatorKey
  label: string
  numerator: number
  denominator: number
  /** numerator / denominator in [0, 1] (1 when the denominator is 0 and the rule says so). */
  value: number
  points: number
  maxPoints: number
  /** The rule that gave the points, in Chinese, e.g. "低于60%不得分，60%至90%线性得分，90%及以上满分". */
  rule: string
}

export interface ScoreGap {
  indicator: IndicatorKey
  message: string
  /** How many more households or members to reach the pass line / the target. */
  toPass: number
  toTarget: number
  candidates: Array<{ householdId: string; memberId?: string }>
}

export interface VillageScore {
  points: number
  status: VillageStatus
  indicators: ScoredIndicator[]
  vetoes: Array<{ id: string; kind: CaseKind; date: string }>
  gaps: ScoreGap[]
}
