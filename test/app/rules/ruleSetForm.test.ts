import fc from 'fast-check'
import { DEFAULT_RULES, INDICATOR_KEYS, type RuleSetRules } from '@/core/scoring'
import { POINTS_SUM_FIELD, formOf, readRuleSetForm } from '@/features/rules/ruleSetForm'

const defaults = () => formOf(DEFAULT_RULES)

test('the form shows shares as percentages and reads back the same rules', () => {
  const form = defaults()
  expect(form.passPoints).toBe('85')
  expect(form['indicators.app_coverage.points']).toBe('35')
  expect(form['indicators.app_coverage.floor']).toBe('60')
  expect(form['indicators.app_coverage.target']).toBe('90')
  expect(form['indicators.activities.perMonth']).toBe('1')
  expect(form['indicators.volunteer_team.perMonth']).toBeUndefined()

  const read = readRuleSetForm(form)
  expect(read.errors).toEqual({})
  expect(read.totalPoints).toBe(100)
  expect(read.rules).toEqual(DEFAULT_RULES)
})

test('any valid rule set with whole percentages goes through the form unchanged', () => {
  const percent = fc.integer({ min: 0, max: 100 })
  const rule = fc.tuple(percent, percent).map(([a, b]) => ({ floor: Math.min(a, b) / 100, target: Math.max(a, b) / 100 }))
  // Six points adding up to 100: five cut points in 0..100.
  const sixPoints = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), 100]
    return sorted.slice(1).map((cut, i) => cut - sorted[i])
  })
  const rules = fc.record({
    passPoints: fc.integer({ min: 0, max: 100 }),
    points: sixPoints,
    shares: fc.array(rule, { minLength: 6, maxLength: 6 }),
    perMonth: fc.integer({ min: 0, max: 31 })
  }).map(({ passPoints, points, shares, perMonth }): RuleSetRules => {
    const indicators = Object.fromEntries(INDICATOR_KEYS.map((key, i) => [key, { points: points[i], ...shares[i], ...(key === 'activities' ? { perMonth } : {}) }]))
    return { passPoints, indicators } as unknown as RuleSetRules
  })
  fc.assert(
    fc.property(rules, (generated) => {
      const read = readRuleSetForm(formOf(generated))
      expect(read.errors).toEqual({})
      expect(read.rules).toEqual(generated)
    })
  )
})

test('points that do not add up to 100 are refused as the server refuses them, with the live sum', () => {
  const read = readRuleSetForm({ ...defaults(), 'indicators.app_coverage.points': '30' })
  expect(read.rules).toBeNull()
  expect(read.totalPoints).toBe(95)
  expect(read.errors).toEqual({ [POINTS_SUM_FIELD]: '各指标分值之和应为100' })

  // One decimal each: 33.3 + 33.3 + 33.4 is 100 even with float noise.
  const thirds = readRuleSetForm({
    ...defaults(),
    'indicators.app_coverage.points': '33.3',
    'indicators.visit_coverage.points': '33.3',
    'indicators.priority_coverage.points': '13.4'
  })
  expect(thirds.errors).toEqual({})
  expect(thirds.totalPoints).toBe(100)
})

test('each field error names the field in Chinese, under that field', () => {
  const read = readRuleSetForm({
    ...defaults(),
    passPoints: ' ',
    'indicators.visit_coverage.points': '二十五',
    'indicators.app_coverage.floor': '95',
    'indicators.priority_coverage.target': '120',
    'indicators.alert_followup.floor': '-1',
    'indicators.activities.perMonth': '1.5'
  })
  expect(read.rules).toBeNull()
  expect(read.errors).toEqual({
    passPoints: '达标分数线必须填写',
    'indicators.visit_coverage.points': '入户宣传覆盖率分值应为数字',
    'indicators.app_coverage.floor': '反诈APP注册率及格线不能高于目标值',
    'indicators.priority_coverage.target': '重点人群覆盖率目标值不能大于100%',
    'indicators.alert_followup.floor': '预警劝阻跟进及格线不能小于0%',
    'indicators.activities.perMonth': '每月宣传活动次数应为整数'
  })
  // Points not yet a number count 0 in the live sum.
  expect(read.totalPoints).toBe(75)
})

test('points out of range are refused with the schema’s own message', () => {
  const read = readRuleSetForm({ ...defaults(), 'indicators.app_coverage.points': '135', 'indicators.visit_coverage.points': '-75' })
  expect(read.errors).toEqual({
    'indicators.app_coverage.points': '反诈APP注册率分值不能大于100',
    'indicators.visit_coverage.points': '入户宣传覆盖率分值不能小于0'
  })
})
