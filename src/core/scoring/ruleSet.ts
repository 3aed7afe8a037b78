import { z } from 'zod'

/**
 * A rule set: every number of the score (DESIGN.md §3) as data. The server keeps each saved rule set as a
 * new version and scores with the newest; the default below is DESIGN §3's. The shape of each indicator's
 * scoring (floored for app coverage, proportional for the rest) is the design's; its numbers are the rule set's.
 */

export const INDICATOR_KEYS = [
  'app_coverage',
  'visit_coverage',
  'priority_coverage',
  'activities',
  'volunteer_team',
  'alert_followup'
] as const
export type IndicatorKey = (typeof INDICATOR_KEYS)[number]

export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  app_coverage: '反诈APP注册率',
  visit_coverage: '入户宣传覆盖率',
  priority_coverage: '重点人群覆盖率',
  activities: '宣传活动',
  volunteer_team: '反诈志愿者队伍',
  alert_followup: '预警劝阻跟进'
}

/**
 * One indicator's numbers. `floor` is its pass line: what the gap list counts "to pass" towards, and for
 * app coverage also the share below which it earns nothing and the village cannot be certified. `target`
 * is where it earns full points.
 */
export interface IndicatorRule {
  points: number
  floor: number
  target: number
}

export interface ActivitiesRule extends IndicatorRule {
  /** Activities a month that count as full: the denominator is months in the period × perMonth. */
  perMonth: number
}

export interface RuleSetRules {
  /** Points a village needs (with app coverage at its floor and no veto) to be certified. */
  passPoints: number
  indicators: Record<Exclude<IndicatorKey, 'activities'>, IndicatorRule> & { activities: ActivitiesRule }
}

/** A stored rule set: its rules with the id and version every score names. */
export interface RuleSet extends RuleSetRules {
  id: string
  version: number
}

export const DEFAULT_RULES: RuleSetRules = {
  passPoints: 85,
  indicators: {
    app_coverage: { points: 35, floor: 0.6, target: 0.9 },
    visit_coverage: { points: 25, floor: 0.6, target: 1 },
    priority_coverage: { points: 20, floor: 0.6, target: 1 },
    activities: { points: 10, floor: 0.6, target: 1, perMonth: 1 },
    volunteer_team: { points: 5, floor: 1, target: 1 },
    alert_followup: { points: 5, floor: 0.6, target: 1 }
  }
}

/** The default before any rule set is stored (tests, the phone); the server stores it as version 1. */
export const DEFAULT_RULE_SET: RuleSet = { id: 'default', version: 1, ...DEFAULT_RULES }

const points = z.number().min(0, '不能小于0').max(100, '不能大于100')
const share = z.number().min(0, '不能小于0').max(1, '不能大于1')
/** The pass line may equal the target (all or nothing) but not exceed it. */
const floorNotAboveTarget = (rule: IndicatorRule) => rule.floor <= rule.target
const FLOOR_ABOVE_TARGET = { message: '不能高于目标值', path: ['floor'] }

const indicatorRule = z.object({ points, floor: share, target: share }).strict().refine(floorNotAboveTarget, FLOOR_ABOVE_TARGET)
const activitiesRule = z
  .object({ points, floor: share, target: share, perMonth: z.number().int('应为整数').min(0, '不能小于0').max(31, '不能大于31') })
  .strict()
  .refine(floorNotAboveTarget, FLOOR_ABOVE_TARGET)

/** Points are shown to one decimal: a sum off by rounding noise (33.3 + 33.3 + 33.4) still counts as 100. */
const POINTS_EPSILON = 1e-6

/**
 * What PUT /rulesets accepts (and what the stored JSON must be): every indicator with its points, pass
 * line and target; points adding up to 100; 0 ≤ pass line ≤ target ≤ 1; the pass points within 0..100.
 * Messages are the detail only: the field's Chinese name (RULE_SET_FIELD_LABELS) goes before them.
 */
export const ruleSetRulesSchema = z
  .object({
    passPoints: points,
    indicators: z
      .object({
        app_coverage: indicatorRule,
        visit_coverage: indicatorRule,
        priority_coverage: indicatorRule,
        activities: activitiesRule,
        volunteer_team: indicatorRule,
        alert_followup: indicatorRule
      })
      .strict()
      .refine((indicators) => Math.abs(totalPoints(indicators) - 100) < POINTS_EPSILON, { message: '分值之和应为100' })
  })
  .strict() satisfies z.ZodType<RuleSetRules>

/**
 * The Chinese names of a rule set's fields for validation messages, by key or by `indicator.key`, so that
 * "反诈APP注册率及格线不能高于目标值" says which indicator's pass line.
 */
export const RULE_SET_FIELD_LABELS: Record<string, string> = {
  passPoints: '达标分数线',
  indicators: '各指标',
  ...Object.fromEntries(
    INDICATOR_KEYS.flatMap((key) => [
      [key, INDICATOR_LABELS[key]],
      [`${key}.points`, `${INDICATOR_LABELS[key]}分值`],
      [`${key}.floor`, `${INDICATOR_LABELS[key]}及格线`],
      [`${key}.target`, `${INDICATOR_LABELS[key]}目标值`]
    ])
  ),
  'activities.perMonth': '每月宣传活动次数'
}

function totalPoints(indicators: Record<string, { points: number }>): number {
  return Object.values(indicators).reduce((sum, rule) => sum + rule.points, 0)
}

