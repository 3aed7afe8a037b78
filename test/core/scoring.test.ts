import fc from 'fast-check'
import {
  DEFAULT_RULE_SET,
  INDICATOR_KEYS,
  computeVillageScore,
  fewestToReach,
  indicatorRuleTexts,
  monthsInPeriod,
  ruleSetRulesSchema,
  villageStanding,
  type IndicatorKey,
  type IndicatorRule,
  type RuleSet,
  type ScoredIndicator,
  type ScoringHousehold,
  type ScoringMember,
  type VillageFacts,
  type VillageScore
} from '../../src/core/scoring'
import { APP_STATUSES, type AppStatusValue } from '../../src/core/appStatus'
import { PRIORITY_TAGS, isEligible, isPriorityMember, type SmartphoneAnswer } from '../../src/core/member'
import { quarterPeriod, type Period } from '../../src/core/period'
import { toFieldErrors } from '../../src/core/validation'

const YEAR = 2026
const Q4: Period = quarterPeriod(YEAR, 4)
const ADULT = 1980
const ELDER = 1950
const CHILD = 2015

// ---- building facts by hand

interface MemberSpec {
  birthYear?: number | null
  smartphone?: SmartphoneAnswer
  appStatus?: AppStatusValue | null
  away?: boolean
  household?: number
}

function household(index: number, visitedInPeriod = false): ScoringHousehold {
  return { id: `h${index}`, visitedInPeriod }
}

function member(index: number, spec: MemberSpec = {}): ScoringMember {
  return {
    id: `m${index}`,
    householdId: `h${spec.household ?? 0}`,
    birthYear: spec.birthYear === undefined ? ADULT : spec.birthYear,
    smartphone: spec.smartphone ?? 'yes',
    away: spec.away ? { place: '太原' } : null,
    tags: [],
    appStatus: spec.appStatus ?? null
  }
}

/**
 * A village that earns full points everywhere but app coverage: `eligible` adults of whom `registered`
 * are registered, one household each, all visited, plus an elder without a smartphone (the one
 * priority member, covered by the visit).
 */
function villageWithAppCoverage(registered: number, eligible: number, extra: Partial<VillageFacts> = {}): VillageFacts {
  const adults = Array.from({ length: eligible }, (_, i) =>
    member(i, { household: i, appStatus: i < registered ? 'registered' : 'not_installed' })
  )
  const elder = { ...member(0, { birthYear: ELDER, smartphone: 'no' }), id: 'elder' }
  return {
    period: Q4,
    year: YEAR,
    households: Array.from({ length: Math.max(1, eligible) }, (_, i) => household(i, true)),
    members: [...adults, elder],
    activities: 3,
    volunteerTeam: true,
    warningsReceived: 0,
    warningsFollowedUp: 0,
    cases: [],
    ...extra
  }
}

function emptyVillage(extra: Partial<VillageFacts> = {}): VillageFacts {
  return {
    period: Q4,
    year: YEAR,
    households: [],
    members: [],
    activities: 0,
    volunteerTeam: false,
    warningsReceived: 0,
    warningsFollowedUp: 0,
    cases: [],
    ...extra
  }
}

function indicatorOf(score: VillageScore, key: IndicatorKey): ScoredIndicator {
  const found = score.indicators.find((indicator) => indicator.key === key)
  if (!found) throw new Error(`no indicator ${key}`)
  return found
}

function gapOf(score: VillageScore, key: IndicatorKey) {
  return score.gaps.find((gap) => gap.indicator === key)
}

const score = (facts: VillageFacts, rules: RuleSet = DEFAULT_RULE_SET) => computeVillageScore(facts, rules)

/** The default rules with one indicator's numbers replaced. */
function withRule(key: IndicatorKey, rule: Partial<IndicatorRule>, base: RuleSet = DEFAULT_RULE_SET): RuleSet {
  return { ...base, indicators: { ...base.indicators, [key]: { ...base.indicators[key], ...rule } } }
}

// ---- worked examples

describe('DEFAULT_RULE_SET', () => {
  /** Each indicator's points as the engine scores them with the default rules: what a village can earn. */
  const scoredMaxPoints = Object.fromEntries(score(villageWithAppCoverage(9, 10)).indicators.map((i) => [i.key, i.maxPoints]))
  /** Every indicator of the rule set that carries points, whether or not the engine reads it. */
  const ruleSetMaxPoints = Object.values(DEFAULT_RULE_SET.indicators).map((rule) => rule.points)
  const sum = (points: number[]) => points.reduce((total, p) => total + p, 0)

  it('scores the indicators with the points of DESIGN §3, which add up to 100', () => {
    expect(scoredMaxPoints).toEqual({
      app_coverage: 35,
      visit_coverage: 25,
      priority_coverage: 20,
      activities: 10,
      volunteer_team: 5,
      alert_followup: 5
    })
    expect(sum(Object.values(scoredMaxPoints))).toBe(100)
    expect(sum(ruleSetMaxPoints)).toBe(100)
    expect(ruleSetMaxPoints).toHaveLength(Object.keys(scoredMaxPoints).length)
  })

  it('carries the other numbers of DESIGN §3: pass at 85, app coverage floor 60% and target 90%, one activity a month', () => {
    expect(DEFAULT_RULE_SET).toMatchObject({
      id: 'default',
      version: 1,
      passPoints: 85,
      indicators: { app_coverage: { floor: 0.6, target: 0.9 }, activities: { perMonth: 1 } }
    })
  })

  it('gives every indicator its own points, pass line and target, and passes its own validation', () => {
    for (const key of INDICATOR_KEYS) {
      expect(Object.keys(DEFAULT_RULE_SET.indicators[key])).toEqual(expect.arrayContaining(['points', 'floor', 'target']))
    }
    const { id: _id, version: _version, ...rules } = DEFAULT_RULE_SET
    expect(ruleSetRulesSchema.parse(rules)).toEqual(rules)
  })
})

describe('indicatorRuleTexts', () => {
  it('gives each indicator the rule its score explains, whatever the village counted', () => {
    const rules = withRule('app_coverage', { floor: 0.5, target: 0.8, points: 40 }, withRule('visit_coverage', { points: 20 }))
    const texts = indicatorRuleTexts(rules, Q4)
    for (const village of [villageWithAppCoverage(9, 10), emptyVillage({ warningsReceived: 4, warningsFollowedUp: 1 })]) {
      expect(Object.fromEntries(score(village, rules).indicators.map((i) => [i.key, i.rule]))).toEqual(texts)
    }
    expect(texts.app_coverage).toMatch(/^注册率低于50%得0分，50%至80%线性得分，达到80%得满分40分/)
    expect(texts.activities).toContain('本期3个月应开展3次')
  })
})

describe('ruleSetRulesSchema', () => {
  const { id: _id, version: _version, ...rules } = DEFAULT_RULE_SET
  const errorsOf = (input: unknown) => {
    const result = ruleSetRulesSchema.safeParse(input)
    return result.success ? [] : toFieldErrors(result.error.issues)
  }
  const changed = (key: IndicatorKey, rule: Partial<IndicatorRule>) => {
    const { id: _i, version: _v, ...rest } = withRule(key, rule)
    return rest
  }

  it('wants the points to add up to 100', () => {
    expect(errorsOf(changed('visit_coverage', { points: 30 }))).toEqual([{ field: 'indicators', message: '各指标分值之和应为100' }])
    // Shifting points between indicators keeps the sum.
    const shifted = { ...rules, indicators: { ...rules.indicators, visit_coverage: { ...rules.indicators.visit_coverage, points: 30 }, alert_followup: { ...rules.indicators.alert_followup, points: 0 } } }
    expect(errorsOf(shifted)).toEqual([])
  })

  it('names the indicator whose pass line is above its target, or whose share leaves 0..1', () => {
    expect(errorsOf(changed('priority_coverage', { floor: 0.8, target: 0.7 }))).toEqual([
      { field: 'indicators.priority_coverage.floor', message: '重点人群覆盖率及格线不能高于目标值' }
    ])
    expect(errorsOf(changed('app_coverage', { target: 1.2 }))).toEqual([
      { field: 'indicators.app_coverage.target', message: '反诈APP注册率目标值不能大于1' }
    ])
    expect(errorsOf(changed('activities', { floor: -0.1 }))).toEqual([{ field: 'indicators.activities.floor', message: '宣传活动及格线不能小于0' }])
  })

  it('keeps the pass points within 0..100 and refuses missing or unknown fields', () => {
    expect(errorsOf({ ...rules, passPoints: 101 })).toEqual([{ field: 'passPoints', message: '达标分数线不能大于100' }])
    const { volunteer_team: _v, ...fewer } = rules.indicators
    expect(errorsOf({ ...rules, indicators: fewer })[0]).toMatchObject({ field: 'indicators.volunteer_team', message: expect.stringMatching(/^反诈志愿者队伍/) })
    expect(errorsOf({ ...rules, extra: 1 })[0].message).toContain('不支持的字段：extra')
  })
})

describe('computeVillageScore: worked examples', () => {
  it('lists the indicators in DESIGN order with Chinese labels and rules', () => {
    const result = score(villageWithAppCoverage(9, 10))
    expect(result.indicators.map((i) => [i.key, i.label])).toEqual([
      ['app_coverage', '反诈APP注册率'],
      ['visit_coverage', '入户宣传覆盖率'],
      ['priority_coverage', '重点人群覆盖率'],
      ['activities', '宣传活动'],
      ['volunteer_team', '反诈志愿者队伍'],
      ['alert_followup', '预警劝阻跟进']
    ])
    for (const indicator of result.indicators) expect(indicator.rule).toMatch(/[\u4e00-\u9fa5]/)
    expect(indicatorOf(result, 'app_coverage').rule).toMatch(/^注册率低于60%得0分，60%至90%线性得分，达到90%得满分35分/)
    expect(indicatorOf(result, 'visit_coverage').rule).toMatch(/^覆盖率按比例得分，达到100%得满分25分，及格线60%/)
  })

  it('gives no app points just below the floor and none exactly at it, full points at the target', () => {
    expect(indicatorOf(score(villageWithAppCoverage(59, 100)), 'app_coverage').points).toBe(0)
    const atFloor = indicatorOf(score(villageWithAppCoverage(6, 10)), 'app_coverage')
    expect(atFloor).toMatchObject({ numerator: 6, denominator: 10, value: 0.6, points: 0, maxPoints: 35 })
    expect(indicatorOf(score(villageWithAppCoverage(9, 10)), 'app_coverage').points).toBe(35)
    expect(indicatorOf(score(villageWithAppCoverage(10, 10)), 'app_coverage').points).toBe(35)
  })

  it('is linear between floor and target, rounded to one decimal', () => {
    expect(indicatorOf(score(villageWithAppCoverage(3, 4)), 'app_coverage').points).toBe(17.5)
    // (0.8 - 0.6) / 0.3 × 35 = 23.33…
    expect(indicatorOf(score(villageWithAppCoverage(4, 5)), 'app_coverage').points).toBe(23.3)
  })

  it('certifies a village with 85 points or more and app coverage at least at the floor', () => {
    const result = score(villageWithAppCoverage(4, 5))
    expect(result.points).toBe(88.3)
    expect(result.status).toBe('certified')
    expect(result.vetoes).toEqual([])
  })

  it('keeps a village below 85 points in progress', () => {
    // 76% registered: (0.16 / 0.3) × 35 = 18.7 points, 83.7 in total.
    const result = score(villageWithAppCoverage(19, 25))
    expect(result.points).toBe(83.7)
    expect(result.status).toBe('in_progress')
  })

  it('vetoes a village with any case record, whatever the points', () => {
    const cases = [{ id: 'c1', kind: 'suspect' as const, date: '2026-11-02' }]
    const result = score(villageWithAppCoverage(10, 10, { cases }))
    expect(result.points).toBe(100)
    expect(result.status).toBe('vetoed')
    expect(result.vetoes).toEqual([{ caseId: 'c1', kind: 'suspect', date: '2026-11-02', label: '2026-11-02 发现涉诈嫌疑人员，一票否决' }])
  })

  it('refuses certification below the app floor even when the points reach the pass line', () => {
    const lenient: RuleSet = { ...DEFAULT_RULE_SET, passPoints: 60 }
    const below = score(villageWithAppCoverage(5, 10), lenient)
    expect(below.points).toBe(65)
    expect(below.status).toBe('in_progress')
    expect(score(villageWithAppCoverage(6, 10), lenient).status).toBe('certified')
  })

  it('counts only eligible members: 16 and over, with a smartphone, at home', () => {
    const members = [
      member(1, { appStatus: 'registered' }),
      member(2, { appStatus: 'installed_unregistered' }),
      member(3, { birthYear: CHILD, appStatus: 'registered' }),
      member(4, { smartphone: 'no' }),
      member(5, { smartphone: 'unknown' }),
      member(6, { away: true, appStatus: 'registered' }),
      member(7, { birthYear: null })
    ]
    const app = indicatorOf(score(emptyVillage({ households: [household(0)], members })), 'app_coverage')
    expect(app).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 })
  })

  it('scores visit coverage linearly', () => {
    const households = [household(0, true), household(1, false), household(2, true), household(3, false)]
    const visit = indicatorOf(score(emptyVillage({ households })), 'visit_coverage')
    expect(visit).toMatchObject({ numerator: 2, denominator: 4, value: 0.5, points: 12.5, maxPoints: 25 })
  })

  it('covers a priority member once the household is visited and the app registered or there is no smartphone', () => {
    const households = [household(0, true), household(1, false)]
    const members = [
      member(1, { birthYear: ELDER, smartphone: 'no', household: 0 }), // covered
      member(2, { birthYear: ELDER, appStatus: 'registered', household: 0 }), // covered
      member(3, { birthYear: ELDER, appStatus: 'not_installed', household: 0 }), // not registered
      member(4, { birthYear: ELDER, appStatus: 'registered', household: 1 }), // not visited
      member(5, { appStatus: 'registered', household: 0 }) // not a priority member
    ]
    const facts = emptyVillage({ households, members })
    const priority = indicatorOf(score(facts), 'priority_coverage')
    expect(priority).toMatchObject({ numerator: 2, denominator: 4, value: 0.5, points: 10, maxPoints: 20 })
    const tagged = { ...member(6, { household: 0, appStatus: 'registered' }), tags: ['accountant' as const] }
    const withTagged = indicatorOf(score({ ...facts, members: [...members, tagged] }), 'priority_coverage')
    expect(withTagged).toMatchObject({ numerator: 3, denominator: 5 })
  })

  it('wants one activity a month, counting every calendar month the period touches', () => {
    expect(indicatorOf(score(emptyVillage({ activities: 2 })), 'activities')).toMatchObject({
      numerator: 2,
      denominator: 3,
      points: 6.7
    })
    expect(indicatorOf(score(emptyVillage({ activities: 5 })), 'activities')).toMatchObject({ value: 1, points: 10 })
    const twoMonths = { label: '2026-01-31..2026-02-01', start: '2026-01-31', end: '2026-02-01' }
    expect(indicatorOf(score(emptyVillage({ period: twoMonths, activities: 1 })), 'activities')).toMatchObject({
      denominator: 2,
      points: 5
    })
  })

  it('counts months across years', () => {
    expect(monthsInPeriod(Q4)).toBe(3)
    expect(monthsInPeriod({ label: 'x', start: '2026-11-15', end: '2027-01-02' })).toBe(3)
    expect(monthsInPeriod({ label: 'x', start: '2026-11-15', end: '2026-11-15' })).toBe(1)
    expect(monthsInPeriod({ label: 'x', start: '2025-01-01', end: '2026-12-31' })).toBe(24)
  })

  it('gives the volunteer team all or nothing and alert follow-up in proportion, full with no warnings', () => {
    expect(indicatorOf(score(emptyVillage({ volunteerTeam: true })), 'volunteer_team').points).toBe(5)
    expect(indicatorOf(score(emptyVillage({ volunteerTeam: false })), 'volunteer_team').points).toBe(0)
    expect(indicatorOf(score(emptyVillage()), 'alert_followup')).toMatchObject({ value: 1, points: 5 })
    const partly = emptyVillage({ warningsReceived: 4, warningsFollowedUp: 1 })
    expect(indicatorOf(score(partly), 'alert_followup')).toMatchObject({ numerator: 1, denominator: 4, points: 1.3 })
  })

  it('gives coverage indicators with nobody to count value 0 and no points', () => {
    const result = score(emptyVillage({ activities: 3, volunteerTeam: true }))
    for (const key of ['app_coverage', 'visit_coverage', 'priority_coverage'] as const) {
      expect(indicatorOf(result, key)).toMatchObject({ numerator: 0, denominator: 0, value: 0, points: 0 })
    }
    expect(result.points).toBe(20)
    expect(result.status).toBe('in_progress')
    expect(gapOf(result, 'app_coverage')).toMatchObject({ toPass: 0, toTarget: 0, candidates: [] })
    expect(gapOf(result, 'app_coverage')?.message).toContain('请先完善成员信息')
  })
})

describe('computeVillageScore: gaps', () => {
  it('has no gaps for a village at every target', () => {
    expect(score(villageWithAppCoverage(9, 10)).gaps).toEqual([])
  })

  it('counts the members to register to reach the floor and the target, priority members first', () => {
    const facts = villageWithAppCoverage(5, 10)
    const members = facts.members.map((m) => (m.id === 'm9' ? { ...m, birthYear: ELDER } : m))
    const result = score({ ...facts, members })
    const gap = gapOf(result, 'app_coverage')
    expect(gap).toMatchObject({ toPass: 1, toTarget: 4 })
    expect(gap?.message).toBe('反诈APP注册率50.0%（5/10人）：再注册1人可达及格线60%，再注册4人可达目标90%')
    expect(gap?.candidates.map((c) => c.memberId)).toEqual(['m9', 'm5', 'm6', 'm7', 'm8'])
    expect(gap?.candidates[0]).toEqual({ householdId: 'h9', memberId: 'm9' })
  })

  it('does not ask for one too many where share × denominator overshoots in floating point', () => {
    // 0.07 × 100 is 7.000000000000001: a plain ceil would ask for an eighth member.
    expect(fewestToReach(0, 100, 0.07, 100)).toBe(7)
    expect(fewestToReach(3, 50, 0.14, 47)).toBe(4)
    const lowFloor = withRule('app_coverage', { floor: 0.07, target: 0.14 })
    expect(gapOf(score(villageWithAppCoverage(0, 100), lowFloor), 'app_coverage')).toMatchObject({ toPass: 7, toTarget: 14 })
    expect(fewestToReach(0, 5, 0.6, 5)).toBe(3)
    expect(fewestToReach(0, 10, 0.9, 10)).toBe(9)
    expect(fewestToReach(2, 7, 0.6, 5)).toBe(3)
    expect(fewestToReach(0, 0, 0.6, 0)).toBe(0)
  })

  it('lists an indicator short of its target even when its rounded points are full', () => {
    const households = Array.from({ length: 1000 }, (_, i) => household(i, i > 0))
    const result = score(emptyVillage({ households }))
    expect(indicatorOf(result, 'visit_coverage').points).toBe(25)
    expect(gapOf(result, 'visit_coverage')).toMatchObject({ toPass: 0, toTarget: 1, candidates: [{ householdId: 'h0' }] })
  })

  it('says the floor is reached when only the target is missing', () => {
    const gap = gapOf(score(villageWithAppCoverage(7, 10)), 'app_coverage')
    expect(gap).toMatchObject({ toPass: 0, toTarget: 2 })
    expect(gap?.message).toContain('已达及格线60%')
  })

  it('lists unvisited households, those with priority members first', () => {
    const households = [household(0), household(1), household(2, true), household(3)]
    const members = [member(1, { household: 0 }), member(2, { household: 3, birthYear: ELDER })]
    const gap = gapOf(score(emptyVillage({ households, members })), 'visit_coverage')
    expect(gap).toMatchObject({ toPass: 2, toTarget: 3 })
    expect(gap?.candidates).toEqual([{ householdId: 'h3' }, { householdId: 'h0' }, { householdId: 'h1' }])
    expect(gap?.message).toBe('入户宣传覆盖率25.0%（1/4户）：再走访2户可达及格线60%，再走访3户可达目标100%')
  })

  it('counts to each indicator’s own pass line and target from the rule set', () => {
    const households = [household(0, true), ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => household(i))]
    const facts = emptyVillage({ households })
    expect(gapOf(score(facts), 'visit_coverage')).toMatchObject({ toPass: 5, toTarget: 9 })
    const own = withRule('visit_coverage', { floor: 0.3, target: 0.8 })
    const gap = gapOf(score(facts, own), 'visit_coverage')
    expect(gap).toMatchObject({ toPass: 2, toTarget: 7 })
    expect(gap?.message).toBe('入户宣传覆盖率10.0%（1/10户）：再走访2户可达及格线30%，再走访7户可达目标80%')
    // Full points at the target, and no gap once it is reached.
    const atTarget = score(emptyVillage({ households: households.map((h, i) => ({ ...h, visitedInPeriod: i < 8 })) }), own)
    expect(indicatorOf(atTarget, 'visit_coverage')).toMatchObject({ value: 0.8, points: 25 })
    expect(gapOf(atTarget, 'visit_coverage')).toBeUndefined()
    // The app coverage floor stays what it was: each indicator has its own.
    expect(gapOf(score(villageWithAppCoverage(5, 10), own), 'app_coverage')).toMatchObject({ toPass: 1 })
  })

  it('names activities, the volunteer team and warnings still to follow up', () => {
    const result = score(emptyVillage({ activities: 1, warningsReceived: 5, warningsFollowedUp: 1 }))
    expect(gapOf(result, 'activities')).toMatchObject({ toPass: 1, toTarget: 2, candidates: [] })
    expect(gapOf(result, 'volunteer_team')).toMatchObject({ toPass: 1, toTarget: 1, message: '尚未组建反诈志愿者队伍' })
    expect(gapOf(result, 'alert_followup')).toMatchObject({ toPass: 2, toTarget: 4 })
  })
})

// ---- properties

const TAGS_ARB = fc.oneof(
  { weight: 4, arbitrary: fc.constant([] as Array<(typeof PRIORITY_TAGS)[number]>) },
  { weight: 1, arbitrary: fc.subarray([...PRIORITY_TAGS], { minLength: 1 }) }
)

interface RawMember {
  household: number
  birthYear: number | null
  smartphone: SmartphoneAnswer
  away: { place: string } | null
  tags: Array<(typeof PRIORITY_TAGS)[number]>
  appStatus: AppStatusValue | null
}

function rawMemberArb(householdCount: number, appStatusArb: fc.Arbitrary<AppStatusValue | null>): fc.Arbitrary<RawMember> {
  return fc.record({
    household: fc.nat(householdCount - 1),
    birthYear: fc.option(fc.integer({ min: 1925, max: YEAR }), { nil: null, freq: 10 }),
    smartphone: fc.constantFrom<SmartphoneAnswer>('yes', 'yes', 'yes', 'no', 'unknown'),
    away: fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant({ place: '太原' }) }
    ),
    tags: TAGS_ARB,
    appStatus: appStatusArb
  })
}

/** Members and households of any quality; `registeredWeight` tilts towards well-run villages. */
function factsArb(registeredWeight: number): fc.Arbitrary<VillageFacts> {
  const appStatusArb = fc.oneof(
    { weight: registeredWeight, arbitrary: fc.constant<AppStatusValue | null>('registered') },
    { weight: 2, arbitrary: fc.constantFrom<AppStatusValue | null>(null, ...APP_STATUSES) }
  )
  return fc.integer({ min: 0, max: 20 }).chain((householdCount) =>
    fc.record({
      visited: fc.array(
        fc.oneof({ weight: registeredWeight, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.boolean() }),
        { minLength: householdCount, maxLength: householdCount }
      ),
      members: householdCount === 0
        ? fc.constant<RawMember[]>([])
        : fc.array(rawMemberArb(householdCount, appStatusArb), { maxLength: householdCount * 4 }),
      activities: fc.integer({ min: 0, max: 6 }),
      volunteerTeam: fc.boolean(),
      warnings: fc.integer({ min: 0, max: 6 }).chain((received) =>
        fc.record({ received: fc.constant(received), followedUp: fc.integer({ min: 0, max: received }) })
      ),
      vetoed: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      period: fc.constantFrom(quarterPeriod(YEAR, 1), Q4, { label: 'm', start: '2026-05-03', end: '2026-05-20' })
    }).map(
      (raw): VillageFacts => ({
        period: raw.period,
        year: YEAR,
        households: raw.visited.map((visited, i) => household(i, visited)),
        members: raw.members.map((m, i) => ({
          id: `m${i}`,
          householdId: `h${m.household}`,
          birthYear: m.birthYear,
          smartphone: m.smartphone,
          away: m.away,
          tags: m.tags,
          appStatus: m.appStatus
        })),
        activities: raw.activities,
        volunteerTeam: raw.volunteerTeam,
        warningsReceived: raw.warnings.received,
        warningsFollowedUp: raw.warnings.followedUp,
        cases: raw.vetoed ? [{ id: 'c1', kind: 'incident', date: '2026-05-04' }] : []
      })
    )
  )
}

const FACTS = fc.oneof(factsArb(1), factsArb(12))

const RULE_ARB: fc.Arbitrary<{ floor: number; target: number }> = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .map(([a, b]) => ({ floor: Math.min(a, b) / 100, target: Math.max(a, b) / 100 }))

const RULES_ARB: fc.Arbitrary<RuleSet> = fc
  .record({
    passPoints: fc.integer({ min: 0, max: 100 }),
    shares: fc.array(RULE_ARB, { minLength: 6, maxLength: 6 }),
    weights: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 6, maxLength: 6 }),
    perMonth: fc.integer({ min: 0, max: 3 })
  })
  .map(({ passPoints, shares, weights, perMonth }) => {
    const rule = (i: number) => ({ points: weights[i], ...shares[i] })
    return {
      id: 'random',
      version: 1,
      passPoints,
      indicators: {
        app_coverage: rule(0),
        visit_coverage: rule(1),
        priority_coverage: rule(2),
        activities: { ...rule(3), perMonth },
        volunteer_team: rule(4),
        alert_followup: rule(5)
      }
    }
  })

/** Rule sets PUT /rulesets would accept: integer points that add up to exactly 100. */
const VALID_RULES_ARB: fc.Arbitrary<RuleSet> = fc
  .tuple(RULES_ARB, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 6, maxLength: 6 }))
  .map(([rules, weights]) => {
    const total = weights.reduce((sum, w) => sum + w, 0)
    const points = weights.map((w) => Math.floor((w / total) * 100))
    points[0] += 100 - points.reduce((sum, p) => sum + p, 0)
    const indicators = Object.fromEntries(INDICATOR_KEYS.map((key, i) => [key, { ...rules.indicators[key], points: points[i] }]))
    return { ...rules, indicators: indicators as RuleSet['indicators'] }
  })

const ANY_RULES = fc.oneof(fc.constant(DEFAULT_RULE_SET), RULES_ARB)

const isOneDecimal = (points: number) => Math.abs(points * 10 - Math.round(points * 10)) < 1e-9

function registerMember(facts: VillageFacts, memberId: string): VillageFacts {
  return {
    ...facts,
    members: facts.members.map((m) => (m.id === memberId ? { ...m, appStatus: 'registered' as const } : m))
  }
}

function visitHousehold(facts: VillageFacts, householdId: string): VillageFacts {
  return {
    ...facts,
    households: facts.households.map((h) => (h.id === householdId ? { ...h, visitedInPeriod: true } : h))
  }
}

describe('computeVillageScore: properties', () => {
  it('the generators reach every status, so the properties below are not vacuous', () => {
    const statuses = new Set(fc.sample(FACTS, { numRuns: 400, seed: 42 }).map((facts) => score(facts).status))
    expect([...statuses].sort()).toEqual(['certified', 'in_progress', 'vetoed'])
  })

  it('keeps points within [0, 100] and each indicator within [0, maxPoints], to one decimal', () => {
    fc.assert(
      fc.property(FACTS, (facts) => {
        const result = score(facts)
        expect(result.points).toBeGreaterThanOrEqual(0)
        expect(result.points).toBeLessThanOrEqual(100)
        expect(isOneDecimal(result.points)).toBe(true)
        for (const indicator of result.indicators) {
          expect(indicator.points).toBeGreaterThanOrEqual(0)
          expect(indicator.points).toBeLessThanOrEqual(indicator.maxPoints)
          expect(indicator.value).toBeGreaterThanOrEqual(0)
          expect(indicator.value).toBeLessThanOrEqual(1)
          expect(isOneDecimal(indicator.points)).toBe(true)
        }
        const sum = result.indicators.reduce((total, indicator) => total + indicator.points, 0)
        expect(Math.abs(result.points - sum)).toBeLessThan(0.05 + 1e-9)
      }),
      { numRuns: 300 }
    )
  })

  it('keeps the same bounds under any rule set', () => {
    fc.assert(
      fc.property(FACTS, RULES_ARB, (facts, rules) => {
        const result = score(facts, rules)
        const maxTotal = result.indicators.reduce((total, indicator) => total + indicator.maxPoints, 0)
        expect(result.points).toBeLessThanOrEqual(maxTotal + 1e-9)
        for (const indicator of result.indicators) {
          expect(indicator.points).toBeGreaterThanOrEqual(0)
          expect(indicator.points).toBeLessThanOrEqual(indicator.maxPoints)
        }
      }),
      { numRuns: 200 }
    )
  })

  it('keeps points within [0, 100] under every rule set the schema accepts', () => {
    fc.assert(
      fc.property(FACTS, VALID_RULES_ARB, (facts, rules) => {
        const { id: _id, version: _version, ...stored } = rules
        expect(ruleSetRulesSchema.safeParse(stored).success).toBe(true)
        const result = score(facts, rules)
        expect(result.points).toBeGreaterThanOrEqual(0)
        expect(result.points).toBeLessThanOrEqual(100)
      }),
      { numRuns: 200 }
    )
  })

  it('certifies exactly when DESIGN’s conditions hold: no veto, the pass points, app coverage at its floor', () => {
    fc.assert(
      fc.property(FACTS, fc.oneof(fc.constant(DEFAULT_RULE_SET), VALID_RULES_ARB), (facts, rules) => {
        const result = score(facts, rules)
        // Recomputed from the explained indicators, not from the engine's own total or status.
        const points = result.indicators.reduce((sum, indicator) => sum + indicator.points, 0)
        const app = indicatorOf(result, 'app_coverage')
        const appShare = app.denominator === 0 ? 0 : app.numerator / app.denominator
        const holds = facts.cases.length === 0 && points >= rules.passPoints && appShare >= rules.indicators.app_coverage.floor
        // Within rounding of the pass line the one-decimal total decides; everywhere else the sum must agree.
        if (Math.abs(points - rules.passPoints) > 0.05) expect(result.status === 'certified').toBe(holds)
        expect(result.status === 'vetoed').toBe(facts.cases.length > 0)
      }),
      { numRuns: 300 }
    )
  })

  it('applies the status rules', () => {
    fc.assert(
      fc.property(FACTS, RULES_ARB, fc.boolean(), (facts, randomRules, useDefault) => {
        const rules = useDefault ? DEFAULT_RULE_SET : randomRules
        const result = score(facts, rules)
        const app = indicatorOf(result, 'app_coverage')
        const expected =
          facts.cases.length > 0
            ? 'vetoed'
            : result.points >= rules.passPoints && app.value >= rules.indicators.app_coverage.floor
              ? 'certified'
              : 'in_progress'
        expect(result.status).toBe(expected)
      }),
      { numRuns: 300 }
    )
  })

  it('never lowers any points when one more eligible member registers', () => {
    fc.assert(
      fc.property(FACTS, ANY_RULES, fc.nat(), (facts, rules, pick) => {
        const unregistered = facts.members.filter((m) => isEligible(m, YEAR) && m.appStatus !== 'registered')
        fc.pre(unregistered.length > 0)
        const before = score(facts, rules)
        const after = score(registerMember(facts, unregistered[pick % unregistered.length].id), rules)
        expect(after.points).toBeGreaterThanOrEqual(before.points)
        after.indicators.forEach((indicator, i) =>
          expect(indicator.points).toBeGreaterThanOrEqual(before.indicators[i].points)
        )
        expect(indicatorOf(after, 'app_coverage').numerator).toBe(indicatorOf(before, 'app_coverage').numerator + 1)
      }),
      { numRuns: 300 }
    )
  })

  it('never lowers any points when one more household is visited', () => {
    fc.assert(
      fc.property(FACTS, ANY_RULES, fc.nat(), (facts, rules, pick) => {
        const unvisited = facts.households.filter((h) => !h.visitedInPeriod)
        fc.pre(unvisited.length > 0)
        const before = score(facts, rules)
        const after = score(visitHousehold(facts, unvisited[pick % unvisited.length].id), rules)
        expect(after.points).toBeGreaterThanOrEqual(before.points)
        after.indicators.forEach((indicator, i) =>
          expect(indicator.points).toBeGreaterThanOrEqual(before.indicators[i].points)
        )
        expect(indicatorOf(after, 'visit_coverage').numerator).toBe(indicatorOf(before, 'visit_coverage').numerator + 1)
      }),
      { numRuns: 300 }
    )
  })

  it('has a gap exactly for each indicator short of its target', () => {
    fc.assert(
      fc.property(FACTS, ANY_RULES, (facts, rules) => {
        const result = score(facts, rules)
        const short = result.indicators
          .filter((i) => i.maxPoints > 0 && i.value < rules.indicators[i.key].target)
          .map((i) => i.key)
        expect(result.gaps.map((gap) => gap.indicator)).toEqual(short)
        for (const gap of result.gaps) {
          expect(gap.message).toMatch(/[\u4e00-\u9fa5]/)
          expect(gap.toPass).toBeLessThanOrEqual(gap.toTarget)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('app coverage candidates are the unregistered eligible members, priority first, and the first toPass reach the floor', () => {
    fc.assert(
      fc.property(FACTS, (facts) => {
        const gap = gapOf(score(facts), 'app_coverage')
        fc.pre(gap !== undefined && gap.candidates.length > 0)
        const unregistered = facts.members.filter((m) => isEligible(m, YEAR) && m.appStatus !== 'registered')
        const ids = gap.candidates.map((c) => c.memberId)
        expect([...ids].sort()).toEqual(unregistered.map((m) => m.id).sort())
        const priorityFlags = ids.map((id) => isPriorityMember(facts.members.find((m) => m.id === id)!, YEAR))
        expect(priorityFlags).toEqual([...priorityFlags].sort((a, b) => Number(b) - Number(a)))

        const registerFirst = (count: number) =>
          indicatorOf(score(ids.slice(0, count).reduce((f, id) => registerMember(f, id!), facts)), 'app_coverage').value
        const { floor, target } = DEFAULT_RULE_SET.indicators.app_coverage
        expect(registerFirst(gap.toPass)).toBeGreaterThanOrEqual(floor)
        expect(registerFirst(gap.toTarget)).toBeGreaterThanOrEqual(target)
        if (gap.toPass > 0) expect(registerFirst(gap.toPass - 1)).toBeLessThan(floor)
        if (gap.toTarget > 0) expect(registerFirst(gap.toTarget - 1)).toBeLessThan(target)
      }),
      { numRuns: 300 }
    )
  })

  it('visiting the first toPass candidate households reaches the pass line, one fewer does not', () => {
    fc.assert(
      fc.property(FACTS, (facts) => {
        const gap = gapOf(score(facts), 'visit_coverage')
        fc.pre(gap !== undefined && gap.candidates.length > 0)
        const visitFirst = (count: number) =>
          indicatorOf(
            score(gap.candidates.slice(0, count).reduce((f, c) => visitHousehold(f, c.householdId), facts)),
            'visit_coverage'
          ).value
        const pass = DEFAULT_RULE_SET.indicators.visit_coverage.floor
        expect(visitFirst(gap.toPass)).toBeGreaterThanOrEqual(pass)
        if (gap.toPass > 0) expect(visitFirst(gap.toPass - 1)).toBeLessThan(pass)
        expect(visitFirst(gap.toTarget)).toBe(1)
      }),
      { numRuns: 200 }
    )
  })

  it('fewestToReach is the least count that reaches the share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }).chain((d) => fc.tuple(fc.constant(d), fc.integer({ min: 0, max: d }))),
        fc.integer({ min: 0, max: 100 }),
        ([denominator, numerator], percent) => {
          const share = percent / 100
          const more = fewestToReach(numerator, denominator, share, denominator - numerator)
          expect((numerator + more) / denominator).toBeGreaterThanOrEqual(share)
          if (more > 0) expect((numerator + more - 1) / denominator).toBeLessThan(share)
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('villageStanding', () => {
  it('shows a village with no households as not started, with no points, whatever its records give', () => {
    const result = score(emptyVillage({ activities: 3, volunteerTeam: true }))
    const empty = { households: 0, visitedHouseholds: 0, eligible: 0, registered: 0, priority: 0, coveredPriority: 0 }
    expect(villageStanding(empty, result)).toEqual({ points: null, status: 'not_started' })
    expect(villageStanding({ ...empty, households: 1 }, result)).toEqual({ points: 20, status: 'in_progress' })
  })
})
