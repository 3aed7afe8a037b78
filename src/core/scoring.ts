import { countCoverage, formatPercent, rate, type MemberCoverageFacts } from './coverage'
import { ELDERLY_AGE, ELIGIBLE_AGE, isEligible, isPriorityMember } from './member'
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

/** What a score needs besides the roster: the period and the campaign's records. */
export type CampaignFacts = Omit<VillageFacts, 'households' | 'members'>

export interface VillageScore {
  points: number
  status: VillageStatus
  indicators: ScoredIndicator[]
  vetoes: Array<{ id: string; kind: CaseKind; date: string }>
  gaps: ScoreGap[]
}

export const DEFAULT_RULE_SET: RuleSet = {
  id: 'default',
  version: 1,
  passPoints: 85,
  appCoverage: { maxPoints: 35, floor: 0.6, target: 0.9 },
  visitCoverage: { maxPoints: 25 },
  priorityCoverage: { maxPoints: 20 },
  activities: { maxPoints: 10, perMonth: 1 },
  volunteerTeam: { maxPoints: 5 },
  alertFollowup: { maxPoints: 5 }
}

export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  app_coverage: '反诈APP注册率',
  visit_coverage: '入户宣传覆盖率',
  priority_coverage: '重点人群覆盖率',
  activities: '宣传活动',
  volunteer_team: '反诈志愿者队伍',
  alert_followup: '预警劝阻跟进'
}

/*
 * Decisions the design leaves open:
 * - A coverage indicator whose denominator is 0 (no eligible members, no households, no priority
 *   members) has value 0 and 0 points: an empty roster is missing data, not a covered village.
 *   Alert follow-up is full when no warning was received (DESIGN §3); activities are full when the
 *   rules require none.
 * - Pass line of a gap: for app coverage the floor (below it the village cannot be certified); the
 *   same share of the denominator serves as pass line for every other linear indicator (visits,
 *   priority members, activities, warnings); the volunteer team is all or nothing (pass = target).
 * - Targets: the app coverage target, otherwise 100%.
 */

/** The village's households and members as the indicators and gaps look at them, worked out once. */
interface Roster {
  facts: VillageFacts
  visitedHouseholds: ReadonlySet<string>
  priorityMembers: ReadonlyArray<ScoringMember>
  /** Households with at least one priority member: they go first in every candidate list. */
  priorityHouseholds: ReadonlySet<string>
}

/** The score with its gap list (the households and members to go to), from the village's full roster. */
export function computeVillageScore(facts: VillageFacts, rules: RuleSet): VillageScore {
  const roster = rosterOf(facts)
  const score = scoreTallies(tallyOf(roster), facts, rules)
  return { ...score, gaps: gapsOf(score.indicators, roster, rules) }
}

/** The score without gaps, from counts alone: the same indicators, points and status as computeVillageScore. */
export function scoreTallies(tallies: VillageTallies, campaign: CampaignFacts, rules: RuleSet): Omit<VillageScore, 'gaps'> {
  const appCoverage = appCoverageIndicator(tallies, rules)
  const indicators = [
    appCoverage,
    visitCoverageIndicator(tallies, rules),
    priorityCoverageIndicator(tallies, rules),
    activitiesIndicator(campaign, rules),
    volunteerTeamIndicator(campaign, rules),
    alertFollowupIndicator(campaign, rules)
  ]
  const points = roundPoints(indicators.reduce((sum, indicator) => sum + indicator.points, 0))
  const vetoes = campaign.cases.map((record) => ({ id: record.id, kind: record.kind, date: record.date }))
  return {
    points,
    status: villageStatus(points, appCoverage, vetoes.length > 0, rules),
    indicators,
    vetoes
  }
}

/** The counts of a roster, by the same rules the gap lists use. */
export function tallyRoster(facts: VillageFacts): VillageTallies {
  return tallyOf(rosterOf(facts))
}

function tallyOf(roster: Roster): VillageTallies {
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

function villageStatus(points: number, appCoverage: ScoredIndicator, vetoed: boolean, rules: RuleSet): VillageStatus {
  if (vetoed) return 'vetoed'
  return points >= rules.passPoints && appCoverage.value >= rules.appCoverage.floor ? 'certified' : 'in_progress'
}

function rosterOf(facts: VillageFacts): Roster {
  const visitedHouseholds = new Set(facts.households.filter((h) => h.visitedInPeriod).map((h) => h.id))
  const priorityMembers = facts.members.filter((member) => isPriorityMember(member, facts.year))
  const priorityHouseholds = new Set(priorityMembers.map((member) => member.householdId))
  return { facts, visitedHouseholds, priorityMembers, priorityHouseholds }
}

/** A priority member counts once their household was visited and the app is registered or they have no smartphone. */
function isCoveredPriorityMember(member: ScoringMember, roster: Roster): boolean {
  const reached = roster.visitedHouseholds.has(member.householdId)
  return reached && (member.appStatus === 'registered' || member.smartphone === 'no')
}

// ---- points

/** Points rounded to one decimal, as they are shown. */
export function roundPoints(points: number): number {
  return Math.round(points * 10) / 10
}

function clampShare(value: number): number {
  return Math.min(1, Math.max(0, value))
}

/** Points proportional to the share: 0 at 0%, full at 100%. */
export function linearPoints(value: number, maxPoints: number): number {
  return roundPoints(clampShare(value) * maxPoints)
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

function shareLabel(share: number): string {
  return `${roundPoints(share * 100)}%`
}

// ---- indicators, in DESIGN order

function appCoverageIndicator({ eligible, registered }: VillageTallies, rules: RuleSet): ScoredIndicator {
  const { floor, target, maxPoints } = rules.appCoverage
  const value = rate(registered, eligible)
  return {
    key: 'app_coverage',
    label: INDICATOR_LABELS.app_coverage,
    numerator: registered,
    denominator: eligible,
    value,
    points: flooredLinearPoints(value, floor, target, maxPoints),
    maxPoints,
    rule:
      `已实名注册人数/应注册人数（${ELIGIBLE_AGE}岁以上、有智能手机、未外出）：` +
      `低于${shareLabel(floor)}不得分，${shareLabel(floor)}至${shareLabel(target)}线性得分，` +
      `${shareLabel(target)}及以上满分${maxPoints}分；无应注册人员时不得分`
  }
}

function visitCoverageIndicator({ households, visitedHouseholds: visited }: VillageTallies, rules: RuleSet): ScoredIndicator {
  const { maxPoints } = rules.visitCoverage
  const value = rate(visited, households)
  return {
    key: 'visit_coverage',
    label: INDICATOR_LABELS.visit_coverage,
    numerator: visited,
    denominator: households,
    value,
    points: linearPoints(value, maxPoints),
    maxPoints,
    rule: `本期已入户宣传户数/总户数，按比例得分，100%满分${maxPoints}分；无户信息时不得分`
  }
}

function priorityCoverageIndicator({ priority, coveredPriority: covered }: VillageTallies, rules: RuleSet): ScoredIndicator {
  const { maxPoints } = rules.priorityCoverage
  const value = rate(covered, priority)
  return {
    key: 'priority_coverage',
    label: INDICATOR_LABELS.priority_coverage,
    numerator: covered,
    denominator: priority,
    value,
    points: linearPoints(value, maxPoints),
    maxPoints,
    rule:
      `本期已入户且已注册APP（或无智能手机）的重点人员/重点人员（${ELDERLY_AGE}岁以上、独居、学生、外出务工、` +
      `财会人员、残障等），按比例得分，100%满分${maxPoints}分；无重点人员时不得分`
  }
}

function activitiesIndicator(facts: CampaignFacts, rules: RuleSet): ScoredIndicator {
  const { maxPoints, perMonth } = rules.activities
  const months = monthsInPeriod(facts.period)
  const required = months * perMonth
  const value = required <= 0 ? 1 : clampShare(facts.activities / required)
  return {
    key: 'activities',
    label: INDICATOR_LABELS.activities,
    numerator: facts.activities,
    denominator: required,
    value,
    points: linearPoints(value, maxPoints),
    maxPoints,
    rule: `每月至少${perMonth}次，本期${months}个月应开展${required}次，按完成比例得分，达到即满分${maxPoints}分`
  }
}

function volunteerTeamIndicator(facts: CampaignFacts, rules: RuleSet): ScoredIndicator {
  const { maxPoints } = rules.volunteerTeam
  const value = facts.volunteerTeam ? 1 : 0
  return {
    key: 'volunteer_team',
    label: INDICATOR_LABELS.volunteer_team,
    numerator: value,
    denominator: 1,
    value,
    points: roundPoints(value * maxPoints),
    maxPoints,
    rule: `已组建反诈志愿者队伍得${maxPoints}分，未组建不得分`
  }
}

function alertFollowupIndicator(facts: CampaignFacts, rules: RuleSet): ScoredIndicator {
  const { maxPoints } = rules.alertFollowup
  const value = facts.warningsReceived === 0 ? 1 : clampShare(rate(facts.warningsFollowedUp, facts.warningsReceived))
  return {
    key: 'alert_followup',
    label: INDICATOR_LABELS.alert_followup,
    numerator: facts.warningsFollowedUp,
    denominator: facts.warningsReceived,
    value,
    points: linearPoints(value, maxPoints),
    maxPoints,
    rule: `已跟进劝阻的96110预警/收到的预警，按比例得分，100%满分${maxPoints}分；本期未收到预警得满分`
  }
}

// ---- gaps

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

/** Priority first, otherwise in the order given. */
function priorityFirst<T>(items: ReadonlyArray<T>, isPriority: (item: T) => boolean): T[] {
  return items.filter(isPriority).concat(items.filter((item) => !isPriority(item)))
}

function reachText(verb: string, unit: string, toPass: number, pass: number, toTarget: number, target: number): string {
  const passPart = toPass > 0 ? `再${verb}${toPass}${unit}可达及格线${shareLabel(pass)}` : `已达及格线${shareLabel(pass)}`
  return `${passPart}，再${verb}${toTarget}${unit}可达目标${shareLabel(target)}`
}

function gapsOf(indicators: ReadonlyArray<ScoredIndicator>, roster: Roster, rules: RuleSet): ScoreGap[] {
  const gaps: ScoreGap[] = []
  for (const indicator of indicators) {
    if (indicator.maxPoints <= 0 || indicator.value >= targetShare(indicator.key, rules)) continue
    gaps.push(gapFor(indicator, roster, rules))
  }
  return gaps
}

function targetShare(key: IndicatorKey, rules: RuleSet): number {
  return key === 'app_coverage' ? rules.appCoverage.target : 1
}

function gapFor(indicator: ScoredIndicator, roster: Roster, rules: RuleSet): ScoreGap {
  switch (indicator.key) {
    case 'app_coverage':
      return gapForAppCoverage(indicator, roster, rules)
    case 'visit_coverage':
      return gapForVisitCoverage(indicator, roster, rules)
    case 'priority_coverage':
      return gapForPriorityCoverage(indicator, roster, rules)
    case 'activities':
      return gapForActivities(indicator, rules)
    case 'volunteer_team':
      return { indicator: 'volunteer_team', message: '尚未组建反诈志愿者队伍', toPass: 1, toTarget: 1, candidates: [] }
    case 'alert_followup':
      return gapForAlertFollowup(indicator, rules)
  }
}

function gapForAppCoverage(indicator: ScoredIndicator, roster: Roster, rules: RuleSet): ScoreGap {
  const { floor, target } = rules.appCoverage
  const { numerator: registered, denominator: eligible } = indicator
  if (eligible === 0) {
    const message = `暂无应注册人员（${ELIGIBLE_AGE}岁以上、有智能手机、未外出），请先完善成员信息`
    return { indicator: 'app_coverage', message, toPass: 0, toTarget: 0, candidates: [] }
  }
  const unregistered = roster.facts.members.filter(
    (member) => isEligible(member, roster.facts.year) && member.appStatus !== 'registered'
  )
  const toPass = fewestToReach(registered, eligible, floor, unregistered.length)
  const toTarget = fewestToReach(registered, eligible, target, unregistered.length)
  const now = `${indicator.label}${formatPercent(indicator.value)}（${registered}/${eligible}人）`
  return {
    indicator: 'app_coverage',
    message: `${now}：${reachText('注册', '人', toPass, floor, toTarget, target)}`,
    toPass,
    toTarget,
    candidates: priorityFirst(unregistered, (member) => isPriorityMember(member, roster.facts.year)).map(
      (member) => ({ householdId: member.householdId, memberId: member.id })
    )
  }
}

function gapForVisitCoverage(indicator: ScoredIndicator, roster: Roster, rules: RuleSet): ScoreGap {
  const pass = rules.appCoverage.floor
  const { numerator: visited, denominator: households } = indicator
  if (households === 0) {
    return { indicator: 'visit_coverage', message: '暂无户信息，请先登记户', toPass: 0, toTarget: 0, candidates: [] }
  }
  const notVisited = roster.facts.households.filter((household) => !household.visitedInPeriod)
  const toPass = fewestToReach(visited, households, pass, notVisited.length)
  const toTarget = notVisited.length
  const now = `${indicator.label}${formatPercent(indicator.value)}（${visited}/${households}户）`
  return {
    indicator: 'visit_coverage',
    message: `${now}：${reachText('走访', '户', toPass, pass, toTarget, 1)}`,
    toPass,
    toTarget,
    candidates: priorityFirst(notVisited, (household) => roster.priorityHouseholds.has(household.id)).map(
      (household) => ({ householdId: household.id })
    )
  }
}

function gapForPriorityCoverage(indicator: ScoredIndicator, roster: Roster, rules: RuleSet): ScoreGap {
  const pass = rules.appCoverage.floor
  const { numerator: covered, denominator: priority } = indicator
  if (priority === 0) {
    const message = '暂无重点人员，请核实成员出生年份和重点人群标签'
    return { indicator: 'priority_coverage', message, toPass: 0, toTarget: 0, candidates: [] }
  }
  const uncovered = roster.priorityMembers.filter((member) => !isCoveredPriorityMember(member, roster))
  const toPass = fewestToReach(covered, priority, pass, uncovered.length)
  const toTarget = uncovered.length
  const now = `${indicator.label}${formatPercent(indicator.value)}（${covered}/${priority}人）`
  return {
    indicator: 'priority_coverage',
    message: `${now}：${reachText('覆盖', '人', toPass, pass, toTarget, 1)}`,
    toPass,
    toTarget,
    candidates: uncovered.map((member) => ({ householdId: member.householdId, memberId: member.id }))
  }
}

function gapForActivities(indicator: ScoredIndicator, rules: RuleSet): ScoreGap {
  const pass = rules.appCoverage.floor
  const { numerator: held, denominator: required } = indicator
  const missing = Math.max(0, Math.ceil(required - held))
  const toPass = fewestToReach(held, required, pass, missing)
  const now = `本期${indicator.label}${held}次，应开展${required}次`
  return {
    indicator: 'activities',
    message: `${now}：${reachText('开展', '次', toPass, pass, missing, 1)}`,
    toPass,
    toTarget: missing,
    candidates: []
  }
}

function gapForAlertFollowup(indicator: ScoredIndicator, rules: RuleSet): ScoreGap {
  const pass = rules.appCoverage.floor
  const { numerator: followed, denominator: received } = indicator
  const missing = Math.max(0, received - followed)
  const toPass = fewestToReach(followed, received, pass, missing)
  const now = `收到预警${received}条，已跟进${followed}条`
  return {
    indicator: 'alert_followup',
    message: `${now}：${reachText('跟进', '条', toPass, pass, missing, 1)}`,
    toPass,
    toTarget: missing,
    candidates: []
  }
}
