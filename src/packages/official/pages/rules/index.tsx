import { useEffect, useMemo } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { currentQuarter } from '@/core/period'
import { INDICATOR_KEYS, indicatorRuleTexts } from '@/core/scoring'
import { useSession } from '@/hooks/useSession'
import { Field } from '@/features/households/components/Field'
import { IndicatorRule } from '@/features/rules/components/IndicatorRule'
import { POINTS_SUM_FIELD, RULE_FIELD_LABELS, fieldPath, ruleFieldsOf } from '@/features/rules/ruleSetForm'
import { useRuleSet } from '@/features/rules/useRuleSet'
import '../official.css'
import './index.css'

/**
 * 评分规则: the rule set in force, so an official can see how a village is scored; the admin also edits
 * it here and saves the next version, which every score uses from then on.
 */
export default function RulesPage() {
  const session = useSession()
  const isAdmin = session?.user?.role === 'admin'
  const { ruleSet, form, setField, errors, totalPoints, canSave, save, saving, savedVersion, error, reload } = useRuleSet()
  useEffect(() => {
    void reload()
  }, [reload])
  const ruleTexts = useMemo(() => ruleSet && indicatorRuleTexts(ruleSet, currentQuarter(new Date())), [ruleSet])

  const input = (path: string, label: string) => (
    <Field key={path} label={label} error={errors[path]}>
      <Input className={`rule-input rule-input-${path.replace(/\./g, '-')}`} type='digit' value={form[path] ?? ''} onChange={(value) => setField(path, value)} />
    </Field>
  )

  return (
    <View className='page official-page'>
      {error && <View className='rules-error error-text'>{error}</View>}
      {!ruleSet && !error && <View className='muted'>加载中…</View>}
      {ruleSet && ruleTexts && (
        <View>
          <View className='section'>
            <View className='section-title rules-version'>评分规则 第{ruleSet.version}版</View>
            {savedVersion === ruleSet.version && <View className='rules-saved'>已保存为第{ruleSet.version}版，此后的评分都使用这一版。</View>}
            <View className='rules-pass'>
              达标分数线 <View className='rules-pass-value'>{ruleSet.passPoints}分</View>
            </View>
            <View className='muted'>
              达标须总分不低于达标分数线、反诈APP注册率不低于其及格线，且本期没有涉诈案件（一票否决）。各村社区得分页注明所用的规则版本。
            </View>
            {isAdmin && input('passPoints', '达标分数线')}
          </View>

          {INDICATOR_KEYS.map((key) => (
            <IndicatorRule key={key} indicatorKey={key} rules={ruleSet} ruleText={ruleTexts[key]}>
              {isAdmin && ruleFieldsOf(key).map((field) => input(fieldPath(key, field), RULE_FIELD_LABELS[field]))}
            </IndicatorRule>
          ))}

          {isAdmin && (
            <View className='section rules-save'>
              <View className={`rules-total ${totalPoints === 100 ? '' : 'rules-total--off'}`}>分值合计 {totalPoints} / 100</View>
              {errors[POINTS_SUM_FIELD] && <View className='rules-sum-error error-text'>{errors[POINTS_SUM_FIELD]}</View>}
              <Button className='rules-save-button' type='primary' block loading={saving} disabled={!canSave} onClick={() => void save()}>
                保存为新版本
              </Button>
            </View>
          )}
        </View>
      )}
    </View>
  )
}
