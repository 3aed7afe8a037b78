import { formatPercent, rate } from '../coverage'
import { ELIGIBLE_AGE, isEligible, isPriorityMember } from '../member'
import { isCoveredPriorityMember, shareLabel, type Roster, type ScoredIndicator } from './indicators'
import type { IndicatorKey, IndicatorRule, RuleSetRules } from './ruleSet'

/**
 * The gap list (DESIGN.md §3): for each indicator short of its target, how many more households to visit,
 * members to register, activities to hold or warnings to follow up to reach its pass line (the rule set's
 * floor) and its target, with the households and members to go to, priority members first.
 */

export interface ScoreGap {
  indicator: IndicatorKey
  message: string
  /** How many more households or members to reach the pass line / the target. */
  toPass: number
  toTarget: number
  candidates: Array<{ householdId: string; memberId?: string }>
}

/**
 * The fewest more units (households, members, activities, warnings) that lift numerator/denominator
 * to `share`, at most `available`. Checked with the same division the score uses: share × denominator
 * alone can overshoot (0.07 × 100 is 7.000000000000001) and ask for one too many.
 */
export function fewestToReach(numerator: number, denominator: number, share: number, available: number): number {
  if (denominator <= 0) return 0
  let more = Math.max(0, Math.ceil(share * denominator - numerator) - 1)
  while (more < available && rate(numerator + more, denominator) < share) more++
  return Math.min(more, Math.max(0, available))
}

export function gapsOf(indicators: ReadonlyArray<ScoredIndicator>, roster: Roster, rules: RuleSetRules): ScoreGap[] {
  return indicators
    .filter((indicator) => indicator.maxPoints > 0 && indicator.value < rules.indicators[indicator.key].target)
    .map((indicator) => gapFor(indicator, roster, rules.indicators[indicator.key]))
}

function gapFor(indicator: ScoredIndicator, roster: Roster, rule: IndicatorRule): ScoreGap {
  switch (indicator.key) {
    case 'app_coverage':
      return gapForAppCoverage(indicator, roster, rule)
    case 'visit_coverage':
      return gapForVisitCoverage(indicator, roster, rule)
    case 'priority_coverage':
      return gapForPriorityCoverage(indicator, roster, rule)
    case 'activities':
      return countGap(indicator, rule, '开展', '次', `本期${indicator.label}${indicator.numerator}次，应开展${indicator.denominator}次`)
    case 'volunteer_team':
      return { indicator: 'volunteer_team', message: '尚未组建反诈志愿者队伍', toPass: rule.floor > 0 ? 1 : 0, toTarget: 1, candidates: [] }
    case 'alert_followup':
      return countGap(indicator, rule, '跟进', '条', `收到预警${indicator.denominator}条，已跟进${indicator.numerator}条`)
  }
}

/** Priority first, otherwise in the order given. */
function priorityFirst<T>(items: ReadonlyArray<T>, isPriority: (item: T) => boolean): T[] {
  return items.filter(isPriority).concat(items.filter((item) => !isPriority(item)))
}

function reachText(verb: string, unit: string, toPass: number, toTarget: number, { floor, target }: IndicatorRule): string {
  const passPart = toPass > 0 ? `再${verb}${toPass}${unit}可达及格线${shareLabel(floor)}` : `已达及格线${shareLabel(floor)}`
  return `${passPart}，再${verb}${toTarget}${unit}可达目标${shareLabel(target)}`
}

/** toPass and toTarget among `available` more units, with the message that says both. */
function reach(indicator: ScoredIndicator, rule: IndicatorRule, available: number, verb: string, unit: string, now: string) {
  const toPass = fewestToReach(indicator.numerator, indicator.denominator, rule.floor, available)
  const toTarget = fewestToReach(indicator.numerator, indicator.denominator, rule.target, available)
  return { toPass, toTarget, message: `${now}：${reachText(verb, unit, toPass, toTarget, rule)}` }
}

function gapForAppCoverage(indicator: ScoredIndicator, roster: Roster, rule: IndicatorRule): ScoreGap {
  const { numerator: registered, denominator: eligible } = indicator
  if (eligible === 0) {
    const message = `暂无应注册人员（${ELIGIBLE_AGE}岁以上、有智能手机、未外出），请先完善成员信息`
    return { indicator: 'app_coverage', message, toPass: 0, toTarget: 0, candidates: [] }
  }
  const { year, members } = roster.facts
  const unregistered = members.filter((member) => isEligible(member, year) && member.appStatus !== 'registered')
  const now = `${indicator.label}${formatPercent(indicator.value)}（${registered}/${eligible}人）`
  return {
    indicator: 'app_coverage',
    ...reach(indicator, rule, unregistered.length, '注册', '人', now),
    candidates: priorityFirst(unregistered, (member) => isPriorityMember(member, year)).map((member) => ({
      householdId: member.householdId,
      memberId: member.id
    }))
  }
}

function gapForVisitCoverage(indicator: ScoredIndicator, roster: Roster, rule: IndicatorRule): ScoreGap {
  if (indicator.denominator === 0) {
    return { indicator: 'visit_coverage', message: '暂无户信息，请先登记户', toPass: 0, toTarget: 0, candidates: [] }
  }
  const notVisited = roster.facts.households.filter((household) => !household.visitedInPeriod)
  const now = `${indicator.label}${formatPercent(indicator.value)}（${indicator.numerator}/${indicator.denominator}户）`
  return {
    indicator: 'visit_coverage',
    ...reach(indicator, rule, notVisited.length, '走访', '户', now),
    candidates: priorityFirst(notVisited, (household) => roster.priorityHouseholds.has(household.id)).map((household) => ({
      householdId: household.id
    }))
  }
}

function gapForPriorityCoverage(indicator: ScoredIndicator, roster: Roster, rule: IndicatorRule): ScoreGap {
  if (indicator.denominator === 0) {
    const message = '暂无重点人员，请核实成员出生年份和重点人群标签'
    return { indicator: 'priority_coverage', message, toPass: 0, toTarget: 0, candidates: [] }
  }
  const uncovered = roster.priorityMembers.filter((member) => !isCoveredPriorityMember(member, roster))
  const now = `${indicator.label}${formatPercent(indicator.value)}（${indicator.numerator}/${indicator.denominator}人）`
  return {
    indicator: 'priority_coverage',
    ...reach(indicator, rule, uncovered.length, '覆盖', '人', now),
    candidates: uncovered.map((member) => ({ householdId: member.householdId, memberId: member.id }))
  }
}

/** Activities and warnings: counts with no one to visit, so no candidates. */
function countGap(indicator: ScoredIndicator, rule: IndicatorRule, verb: string, unit: string, now: string): ScoreGap {
  const missing = Math.max(0, Math.ceil(indicator.denominator - indicator.numerator))
  return { indicator: indicator.key, ...reach(indicator, rule, missing, verb, unit, now), candidates: [] }
}
