import type { CaseKind } from '../fraud'
import type { ScoreStatus, VillageStatus } from '../api'
import { gapsOf, type ScoreGap } from './gaps'
import { roundPoints, rosterOf, scoreIndicators, tallyOf, type CampaignFacts, type ScoredIndicator, type VillageFacts, type VillageTallies } from './indicators'
import type { RuleSet } from './ruleSet'

/**
 * The 无诈社区 score of one village for one period (DESIGN.md §3): the rule set (ruleSet.ts), the six
 * explained indicators (indicators.ts), the gap list (gaps.ts), and here the vetoes and the status.
 */

export * from './ruleSet'
export * from './indicators'
export * from './gaps'

export const CASE_KIND_VETO_LABELS: Record<CaseKind, string> = {
  incident: '发生电信网络诈骗案件',
  suspect: '发现涉诈嫌疑人员',
  den: '发现涉诈窝点'
}

export interface Veto {
  caseId?: string
  kind: CaseKind
  date: string
  /** "2026-11-03 发生电信网络诈骗案件，一票否决". */
  label: string
}

export interface VillageScore {
  ruleSet: { id: string; version: number }
  points: number
  status: ScoreStatus
  indicators: ScoredIndicator[]
  vetoes: Veto[]
  gaps: ScoreGap[]
}

/** The score with its gap list (the households and members to go to), from the village's full roster. */
export function computeVillageScore(facts: VillageFacts, rules: RuleSet): VillageScore {
  const roster = rosterOf(facts)
  const score = scoreTallies(tallyOf(roster), facts, rules)
  return { ...score, gaps: gapsOf(score.indicators, roster, rules) }
}

/** The score without gaps, from counts alone: the same indicators, points and status as computeVillageScore. */
export function scoreTallies(tallies: VillageTallies, campaign: CampaignFacts, rules: RuleSet): Omit<VillageScore, 'gaps'> {
  const indicators = scoreIndicators(tallies, campaign, rules)
  const points = roundPoints(indicators.reduce((sum, indicator) => sum + indicator.points, 0))
  const vetoes = campaign.cases.map(vetoOf)
  const appCoverage = indicators.find((indicator) => indicator.key === 'app_coverage')!
  return {
    ruleSet: { id: rules.id, version: rules.version },
    points,
    status: scoreStatus(points, appCoverage.value, vetoes.length > 0, rules),
    indicators,
    vetoes
  }
}

/** DESIGN §3: vetoed by any case record; certified with the pass points, app coverage at its floor; else in progress. */
export function scoreStatus(points: number, appCoverage: number, vetoed: boolean, rules: RuleSet): ScoreStatus {
  if (vetoed) return 'vetoed'
  return points >= rules.passPoints && appCoverage >= rules.indicators.app_coverage.floor ? 'certified' : 'in_progress'
}

function vetoOf(record: CampaignFacts['cases'][number]): Veto {
  return { caseId: record.id, kind: record.kind, date: record.date, label: `${record.date} ${CASE_KIND_VETO_LABELS[record.kind]}，一票否决` }
}

/**
 * A village's points and status as a dashboard row shows them: a village with no households has not
 * started (API.md), with no points rather than the few that campaign records alone would give.
 */
export function villageStanding(tallies: VillageTallies, score: Pick<VillageScore, 'points' | 'status'>): { points: number | null; status: VillageStatus } {
  return tallies.households === 0 ? { points: null, status: 'not_started' } : { points: score.points, status: score.status }
}
