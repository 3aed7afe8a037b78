import { useCallback, useEffect, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { VillageScoreView } from '@/core/api'
import { useSession } from '@/hooks/useSession'
import { api, errorMessage } from '@/services/api'
import { VILLAGE_STATUS_LABELS } from '@/features/dashboard/labels'
import { PAGES, withQuery } from '@/routes'
import './index.css'

const percent = (value: number) => `${(value * 100).toFixed(1)}%`

/** The village's explained score (GET /scores/villages/:code): every indicator with its rule, and the gap list. */
export default function VillageScorePage() {
  const villageCode = useSession()?.user?.scope.regionCode
  const [score, setScore] = useState<VillageScoreView | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    if (!villageCode) return setError('当前账号没有所属村社区')
    setError(null)
    try {
      setScore(await api.get<VillageScoreView>(`/scores/villages/${villageCode}`))
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [villageCode])
  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!score) return <View className={error ? 'page error-text' : 'page muted'}>{error ?? '加载中…'}</View>
  const openHousehold = (id: string) => Taro.navigateTo({ url: withQuery(PAGES.household, { id }) })
  return (
    <View className='page'>
      <View className='section'>
        <View className='section-title'>{score.village.name}</View>
        <View className='score-points'>{score.points} 分</View>
        <View className={`score-status score-status-${score.status}`}>{VILLAGE_STATUS_LABELS[score.status]}</View>
        <View className='muted'>
          统计周期 {score.period} · 评分规则第 {score.ruleSet.version} 版
        </View>
      </View>
      {score.vetoes.length > 0 && (
        <View className='section score-vetoes'>
          <View className='section-title'>一票否决</View>
          {score.vetoes.map((veto) => (
            <View key={`${veto.kind}-${veto.date}-${veto.caseId ?? ''}`}>{veto.label}</View>
          ))}
        </View>
      )}
      <View className='section'>
        <View className='section-title'>各项指标</View>
        {score.indicators.map((indicator) => (
          <View key={indicator.key} className='score-indicator'>
            <View className='row'>
              <View>{indicator.label}</View>
              <View className='score-indicator-points'>
                {indicator.points}/{indicator.maxPoints} 分
              </View>
            </View>
            <View className='muted'>
              {indicator.numerator}/{indicator.denominator}（{percent(indicator.value)}）
            </View>
            <View className='muted'>{indicator.rule}</View>
          </View>
        ))}
      </View>
      <View className='section'>
        <View className='section-title'>差距清单</View>
        {score.gaps.length === 0 && <View className='muted'>各项指标都已达到目标</View>}
        {score.gaps.map((gap) => (
          <View key={gap.indicator} className='score-gap'>
            <View>{gap.message}</View>
            {gap.candidates.length > 0 && <View className='muted'>建议先走访以下 {gap.candidates.length} 户：</View>}
            {[...new Set(gap.candidates.map((candidate) => candidate.householdId))].slice(0, 20).map((id, index) => (
              <View key={id} className='link tappable' onClick={() => void openHousehold(id)}>
                查看第 {index + 1} 户
              </View>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}
