import { INDICATOR_KEYS, ruleSetRulesSchema, type IndicatorKey, type RuleSetRules } from '@/core/scoring'
import { errorsByField, fieldError, toFieldErrors, type FieldError } from '@/core/validation'

/**
 * The admin's rule set form: every number as the text typed, keyed by the field's path in the request
 * (`passPoints`, `indicators.app_coverage.floor`…), which is also the `field` of the server's 400 details,
 * so the page shows the server's messages under the same inputs as its own.
 */
export type RuleSetForm = Record<string, string>

/** One number of an indicator's rule; pass line and target are shares, typed as percentages. */
export type RuleField = 'points' | 'floor' | 'target' | 'perMonth'

const PERCENT_FIELDS: ReadonlySet<RuleField> = new Set(['floor', 'target'])

/** What each number is called inside its indicator's card (the indicator's name is the card's title). */
export const RULE_FIELD_LABELS: Record<RuleField, string> = {
  points: '分值',
  floor: '及格线（%）',
  target: '目标值（%）',
  perMonth: '每月活动次数'
}

export function ruleFieldsOf(key: IndicatorKey): RuleField[] {
  return key === 'activities' ? ['points', 'floor', 'target', 'perMonth'] : ['points', 'floor', 'target']
}

export function fieldPath(key: IndicatorKey, field: RuleField): string {
  return `indicators.${key}.${field}`
}

/** The sum of points is checked on the indicators as a whole: its message goes under this field. */
export const POINTS_SUM_FIELD = 'indicators'

/** A share as the percentage typed: 0.6 → "60", 0.125 → "12.5", without float noise (0.07 × 100). */
function percentText(share: number): string {
  return String(Math.round(share * 100 * 1e6) / 1e6)
}

/** The form filled with rules (the version in force, to be changed). */
export function formOf(rules: RuleSetRules): RuleSetForm {
  const form: RuleSetForm = { passPoints: String(rules.passPoints) }
  for (const key of INDICATOR_KEYS) {
    const rule = rules.indicators[key] as unknown as Record<RuleField, number>
    for (const field of ruleFieldsOf(key)) form[fieldPath(key, field)] = PERCENT_FIELDS.has(field) ? percentText(rule[field]) : String(rule[field])
  }
  return form
}

export interface ReadRuleSetForm {
  /** The rules to send, when every field is valid. */
  rules: RuleSetRules | null
  /** Each field's first error by path (POINTS_SUM_FIELD for the sum), named in Chinese as the server names it. */
  errors: Record<string, string>
  /** The points typed so far added up (fields not yet numbers count 0), for the live 分值合计. */
  totalPoints: number
}

/**
 * Reads the typed form with the server's own schema (ruleSetRulesSchema): the same checks and messages as
 * PUT /rulesets, before anything is sent. Percentages (0–100) become shares (0–1); only their range is
 * checked here, in percent, because "及格线不能大于1" would not make sense to someone typing 60.
 */
export function readRuleSetForm(form: RuleSetForm): ReadRuleSetForm {
  const ownErrors: FieldError[] = []
  const read = (path: string, percent: boolean): number => {
    const text = (form[path] ?? '').trim()
    const refuse = (detail: string) => ownErrors.push(fieldError(path.split('.'), detail))
    if (text === '') {
      refuse('必须填写')
      return Number.NaN
    }
    const value = Number(text)
    if (!Number.isFinite(value)) {
      refuse('应为数字')
      return Number.NaN
    }
    if (percent && value < 0) refuse('不能小于0%')
    if (percent && value > 100) refuse('不能大于100%')
    return percent ? value / 100 : value
  }

  const passPoints = read('passPoints', false)
  const indicators = Object.fromEntries(
    INDICATOR_KEYS.map((key) => [key, Object.fromEntries(ruleFieldsOf(key).map((field) => [field, read(fieldPath(key, field), PERCENT_FIELDS.has(field))]))])
  )
  const candidate = { passPoints, indicators }
  const totalPoints = INDICATOR_KEYS.reduce((sum, key) => {
    const points = (indicators[key] as Record<RuleField, number>).points
    return Number.isNaN(points) ? sum : sum + points
  }, 0)

  const parsed = ruleSetRulesSchema.safeParse(candidate)
  // A field already refused above (empty, not a number, out of range) keeps that message: it goes first.
  const schemaErrors = parsed.success ? [] : toFieldErrors(parsed.error.issues)
  const errors = errorsByField([...ownErrors, ...schemaErrors])
  const valid = parsed.success && ownErrors.length === 0
  return { rules: valid ? parsed.data : null, errors, totalPoints: Math.round(totalPoints * 1e6) / 1e6 }
}
