import { countCoverage, rate, type MemberCoverageFacts } from '../coverage'
import type { CaseKind } from '../fraud'
import { ELDERLY_AGE, ELIGIBLE_AGE, isPriorityMember } from '../member'
import type { Period } from '../period'
import { INDICATOR_LABELS, type IndicatorKey, type IndicatorRule, type RuleSetRules } from './ruleSet'

/**
 * The six indicators of DESIGN.md §3, each explained: numerator, denominator, value, points, max points
 * and the rule that gave them in Chinese. Pure: the server gathers the facts, this decides the points.
 */

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

/** What a score needs besides the roster: the period and the campaign's records. */
export type CampaignFacts = Omit<VillageFacts, 'households' | 'members'>

/**
 * The roster's counts that the three coverage indicators are computed from. The dashboard counts them in
 * SQL for hundreds of villages at once; computeVillageScore counts them from the roster with tallyRoster.
 */
export interface VillageTallies {
  households: number
  /** Households with a visit of any kind in the period. */
  visitedHouseholds: number
  /** Eligible members (isEligible) and, among them, the registered. */
  eligible: number
  registered: number
  /** Priority members (isPriorityMember) and, among them, the covered (isCoveredPriorityMember). */
  priority: number
  coveredPriority: number
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
  /** The rule that gave the points, in Chinese, e.g. "注册率低于60%得0分，60%至90%线性得分，达到90%得满分35分". */
  rule: string
}

/*
 * Decisions the design leaves open:
 * - A coverage indicator whose denominator is 0 (no eligible members, no households, no priority
 *   members) has value 0 and 0 points: an empty roster is missing data, not a covered village.
 *   Alert follow-up is full when no warning was received (DESIGN §3); activities are full when the
 *   rules require none.
 * - Only app coverage earns nothing below its floor (DESIGN §3); every other indicator earns in
 *   proportion from 0 and is full at its target. Their floor is the pass line the gap list counts to.
 */

/** The village's households and members as the indicators and gaps look at them, worked out once. */
export interface Roster {
  facts: VillageFacts
  visitedHouseholds: ReadonlySet<string>
  priorityMembers: ReadonlyArray<ScoringMember>
  /** Households with at least one priority member: they go first in every candidate list. */
  priorityHouseholds: ReadonlySet<string>
}

export function rosterOf(facts: VillageFacts): Roster {
  const visitedHouseholds = new Set(facts.households.filter((h) => h.visitedInPeriod).map((h) => h.id))
  const priorityMembers = facts.members.filter((member) => isPriorityMember(member, facts.year))
  const priorityHouseholds = new Set(priorityMembers.map((member) => member.householdId))
  return { facts, visitedHouseholds, priorityMembers, priorityHouseholds }
}

/** A priority member counts once their household was visited and the app is registered or they have no smartphone. */
export function isCoveredPriorityMember(member: ScoringMember, roster: Roster): boolean {
  const reached = roster.visitedHouseholds.has(member.householdId)
  return reached && (member.appStatus === 'registered' || member.smartphone === 'no')
}

export function tallyOf(roster: Roster): VillageTallies {
  const { eligible, registered } = countCoverage(roster.facts.members, roster.facts.year)
  return {
    households: roster.facts.households.length,
    visitedHouseholds: roster.visitedHouseholds.size,
    eligible,
    registered,
    priority: roster.priorityMembers.length,
    coveredPriority: roster.priorityMembers.filter((member) => isCoveredPriorityMember(member, roster)).length
  }
}

/** The counts of a roster, by the same rules the gap lists use. */
export function tallyRoster(facts: VillageFacts): VillageTallies {
  return tallyOf(rosterOf(facts))
}

/** The six indicators in DESIGN order. */
export function scoreIndicators(tallies: VillageTallies, campaign: CampaignFacts, rules: RuleSetRules): ScoredIndicator[] {
  const { indicators } = rules
  return [
    flooredIndicator('app_coverage', tallies.registered, tallies.eligible, indicators.app_coverage,
      `（注册率=已注册人数/应注册人数，应注册指${ELIGIBLE_AGE}岁以上、有智能手机、未外出的成员；无应注册人员时不得分）`),
    proportionalIndicator('visit_coverage', tallies.visitedHouseholds, tallies.households, indicators.visit_coverage,
      '（本期已入户宣传户数/总户数；无户信息时不得分）'),
    proportionalIndicator('priority_coverage', tallies.coveredPriority, tallies.priority, indicators.priority_coverage,
      `（本期已入户且已注册APP或无智能手机的重点人员/重点人员，重点人员指${ELDERLY_AGE}岁以上、独居、学生、外出务工、财会人员、残障等；无重点人员时不得分）`),
    activitiesIndicator(campaign, rules),
    volunteerTeamIndicator(campaign, indicators.volunteer_team),
    alertFollowupIndicator(campaign, indicators.alert_followup)
  ]
}

/**
 * Each indicator's rule in Chinese, as a score of the period explains it: the rule set page shows them.
 * The rule texts depend on the rules and the period only, so no counts are needed.
 */
export function indicatorRuleTexts(rules: RuleSetRules, period: Period): Record<IndicatorKey, string> {
  const tallies: VillageTallies = { households: 0, visitedHouseholds: 0, eligible: 0, registered: 0, priority: 0, coveredPriority: 0 }
  const campaign: CampaignFacts = { period, year: Number(period.start.slice(0, 4)), activities: 0, volunteerTeam: false, warningsReceived: 0, warningsFollowedUp: 0, cases: [] }
  const texts = scoreIndicators(tallies, campaign, rules).map((indicator) => [indicator.key, indicator.rule] as const)
  return Object.fromEntries(texts) as Record<IndicatorKey, string>
}

// ---- points

/** Points rounded to one decimal, as they are shown. */
export function roundPoints(points: number): number {
  return Math.round(points * 10) / 10
}

function clampShare(value: number): number {
  return Math.min(1, Math.max(0, value))
}

/** Points in proportion to the share: 0 at 0%, full at the target (and above). A target of 0 is always full. */
export function linearPoints(value: number, maxPoints: number, target = 1): number {
  if (value >= target) return roundPoints(maxPoints)
  return roundPoints(clampShare(value / target) * maxPoints)
}

/** Nothing below the floor, linear from the floor to full points at the target. */
export function flooredLinearPoints(value: number, floor: number, target: number, maxPoints: number): number {
  if (value < floor) return 0
  if (value >= target) return roundPoints(maxPoints)
  return roundPoints(((value - floor) / (target - floor)) * maxPoints)
}

/** Calendar months the period touches: a quarter is 3, 01-31..02-01 is 2. */
export function monthsInPeriod(period: Period): number {
  const [startYear, startMonth] = period.start.split('-').map(Number)
  const [endYear, endMonth] = period.end.split('-').map(Number)
  return (endYear - startYear) * 12 + (endMonth - startMonth) + 1
}

/** 0.6 → "60%", 0.125 → "12.5%". */
export function shareLabel(share: number): string {
  return `${roundPoints(share * 100)}%`
}

/** "…低于60%得0分，60%至90%线性得分，达到90%得满分35分" (or all or nothing when floor and target meet). */
function flooredRuleText(name: string, { floor, target, points }: IndicatorRule): string {
  if (floor >= target) return `${name}低于${shareLabel(target)}得0分，达到${shareLabel(target)}得满分${points}分`
  return `${name}低于${shareLabel(floor)}得0分，${shareLabel(floor)}至${shareLabel(target)}线性得分，达到${shareLabel(target)}得满分${points}分`
}

/** "…按比例得分，达到100%得满分25分，及格线60%". */
function proportionalRuleText(name: string, { floor, target, points }: IndicatorRule): string {
  return `${name}按比例得分，达到${shareLabel(target)}得满分${points}分，及格线${shareLabel(floor)}`
}

// ---- indicators, in DESIGN order

/** A rate indicator: its value numerator / denominator, scored and explained by its kind of rule. */
function rateIndicator(
  key: IndicatorKey,
  numerator: number,
  denominator: number,
  scoring: { points: (value: number) => number; text: string },
  rule: IndicatorRule,
  explanation: string
): ScoredIndicator {
  const value = rate(numerator, denominator)
  return { key, label: INDICATOR_LABELS[key], numerator, denominator, value, points: scoring.points(value), maxPoints: rule.points, rule: scoring.text + explanation }
}

function flooredIndicator(key: IndicatorKey, numerator: number, denominator: number, rule: IndicatorRule, explanation: string): ScoredIndicator {
  const points = (value: number) => flooredLinearPoints(value, rule.floor, rule.target, rule.points)
  return rateIndicator(key, numerator, denominator, { points, text: flooredRuleText('注册率', rule) }, rule, explanation)
}

function proportionalIndicator(key: IndicatorKey, numerator: number, denominator: number, rule: IndicatorRule, explanation: string): ScoredIndicator {
  const points = (value: number) => linearPoints(value, rule.points, rule.target)
  return rateIndicator(key, numerator, denominator, { points, text: proportionalRuleText('覆盖率', rule) }, rule, explanation)
}

function activitiesIndicator(facts: CampaignFacts, rules: RuleSetRules): ScoredIndicator {
  const rule = rules.indicators.activities
  const months = monthsInPeriod(facts.period)
  const required = months * rule.perMonth
  const value = required <= 0 ? 1 : clampShare(facts.activities / required)
  return {
    key: 'activities',
    label: INDICATOR_LABELS.activities,
    numerator: facts.activities,
    denominator: required,
    value,
    points: linearPoints(value, rule.points, rule.target),
    maxPoints: rule.points,
    rule: `${proportionalRuleText('完成比例', rule)}（每月至少${rule.perMonth}次，本期${months}个月应开展${required}次）`
  }
}

function volunteerTeamIndicator(facts: CampaignFacts, rule: IndicatorRule): ScoredIndicator {
  const value = facts.volunteerTeam ? 1 : 0
  return {
    key: 'volunteer_team',
    label: INDICATOR_LABELS.volunteer_team,
    numerator: value,
    denominator: 1,
    value,
    points: linearPoints(value, rule.points, rule.target),
    maxPoints: rule.points,
    rule: `已组建反诈志愿者队伍得满分${rule.points}分，未组建得0分`
  }
}

function alertFollowupIndicator(facts: CampaignFacts, rule: IndicatorRule): ScoredIndicator {
  const value = facts.warningsReceived === 0 ? 1 : clampShare(rate(facts.warningsFollowedUp, facts.warningsReceived))
  return {
    key: 'alert_followup',
    label: INDICATOR_LABELS.alert_followup,
    numerator: facts.warningsFollowedUp,
    denominator: facts.warningsReceived,
    value,
    points: linearPoints(value, rule.points, rule.target),
    maxPoints: rule.points,
    rule: `${proportionalRuleText('跟进率', rule)}（已跟进劝阻的96110预警/收到的预警；本期未收到预警得满分）`
  }
}
