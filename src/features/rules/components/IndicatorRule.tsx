import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { INDICATOR_LABELS, shareLabel, type IndicatorKey, type RuleSetRules } from '@/core/scoring'
import './IndicatorRule.css'

interface Props {
  indicatorKey: IndicatorKey
  rules: RuleSetRules
  /** The rule in Chinese as every score explains it (indicatorRuleTexts). */
  ruleText: string
  /** The admin's inputs for the next version, under the numbers in force. */
  children?: ReactNode
}

/** One indicator of the rule set in force: its points, pass line and target, and the rule they make. */
export function IndicatorRule({ indicatorKey, rules, ruleText, children }: Props) {
  const rule = rules.indicators[indicatorKey]
  return (
    <View className={`section indicator-rule indicator-rule--${indicatorKey}`}>
      <View className='section-title'>{INDICATOR_LABELS[indicatorKey]}</View>
      <View className='indicator-rule-figures'>
        <View>分值 {rule.points}分</View>
        <View>及格线 {shareLabel(rule.floor)}</View>
        <View>目标值 {shareLabel(rule.target)}</View>
        {'perMonth' in rule && <View>每月活动 {rule.perMonth}次</View>}
      </View>
      <View className='indicator-rule-text muted'>{ruleText}</View>
      {children}
    </View>
  )
}
