import type { ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { HouseholdSummary, VillageScoreView } from '@/core/api'
import { formatPercent } from '@/core/coverage'
import type { ScoreGap, ScoredIndicator } from '@/core/scoring'
import { withQuery } from '@/routes'
import { VILLAGE_STATUS_LABELS } from '../labels'
import { describePeriod } from '../periods'
import { pointsText } from './VillageRow'
import './ScoreExplained.css'

/** How many candidate households a gap lists before saying how many more there are. */
const CANDIDATES_SHOWN = 20

interface ScoreExplainedProps {
  score: VillageScoreView
  /** The village's households, for the gap list's addresses (one not among them is listed by its number). */
  households: ReadonlyArray<HouseholdSummary>
  /** The page a candidate household opens: the village admin's household page, or an official's read-only one. */
  householdPage: string
  /** Under the points (e.g. an official's 记录涉诈案件 and 导出住户名单). */
  actions?: ReactNode
  /** Beside the indicators, under the vetoes (e.g. a case being recorded, the village's grids). */
  aside?: ReactNode
}

/**
 * A village's score explained, the same for a village admin and an official: the points, status, period
 * and rule version, the vetoes, every indicator with where its points come from, and the gap list with
 * the households to go to by address.
 */
export function ScoreExplained({ score, households, householdPage, actions, aside }: ScoreExplainedProps) {
  const tagType = score.status === 'certified' ? 'success' : score.status === 'vetoed' ? 'danger' : 'warning'
  return (
    <View className='score-columns'>
      <View className='score-side'>
        <View className='section'>
          <View className='row'>
            <View className='section-title village-name'>{score.village.name}</View>
            <Tag className='village-status' type={tagType}>{VILLAGE_STATUS_LABELS[score.status]}</Tag>
          </View>
          <View className='village-points'>
            得分 <View className='village-points-value'>{pointsText(score.points)}</View> / 100
          </View>
          <View className='muted'>
            {describePeriod(score.period)} · 评分规则第{score.ruleSet.version}版
          </View>
          {actions}
        </View>
        {score.vetoes.length > 0 && (
          <View className='section village-vetoes'>
            <View className='section-title'>一票否决</View>
            {score.vetoes.map((veto, index) => (
              <View key={veto.caseId ?? index} className='village-veto error-text'>
                {veto.label}
              </View>
            ))}
          </View>
        )}
        {aside}
      </View>

      <View className='score-main'>
        <View className='section'>
          <View className='section-title'>各项指标</View>
          {score.indicators.map((indicator) => (
            <IndicatorRow key={indicator.key} indicator={indicator} />
          ))}
        </View>
        <View className='section'>
          <View className='section-title'>还差什么</View>
          {score.gaps.length === 0 && <View className='muted'>各项指标均已达到目标。</View>}
          {score.gaps.map((gap) => (
            <GapItem key={gap.indicator} gap={gap} households={households} householdPage={householdPage} />
          ))}
        </View>
      </View>
    </View>
  )
}

/** One indicator with where its points come from: the counts, the rate, the points and the rule. */
function IndicatorRow({ indicator }: { indicator: ScoredIndicator }) {
  return (
    <View className='indicator'>
      <View className='row'>
        <View className='indicator-label'>{indicator.label}</View>
        <View className='indicator-points'>
          {pointsText(indicator.points)}/{indicator.maxPoints}分
        </View>
      </View>
      <View className='indicator-figures'>
        {indicator.numerator}/{indicator.denominator} = {formatPercent(indicator.value)}
      </View>
      <View className='indicator-rule muted'>{indicator.rule}</View>
    </View>
  )
}

/** A gap's message and the households to go to (by address and masked head), each opening `householdPage`. */
function GapItem({ gap, households, householdPage }: { gap: ScoreGap; households: ReadonlyArray<HouseholdSummary>; householdPage: string }) {
  const ids = [...new Set(gap.candidates.map((candidate) => candidate.householdId))]
  const membersOf = (householdId: string) => gap.candidates.filter((candidate) => candidate.householdId === householdId && candidate.memberId).length
  const labelOf = (householdId: string, index: number) => {
    const household = households.find((candidate) => candidate.id === householdId)
    if (!household) return `第${index + 1}户`
    return [household.addressText || '（未填地址）', household.headNameMasked].filter(Boolean).join(' ')
  }
  return (
    <View className='gap'>
      <View className='gap-message'>{gap.message}</View>
      {ids.slice(0, CANDIDATES_SHOWN).map((householdId, index) => (
        <View
          key={householdId}
          className='gap-candidate tappable link'
          onClick={() => void Taro.navigateTo({ url: withQuery(householdPage, { id: householdId }) })}
        >
          {labelOf(householdId, index)}
          {membersOf(householdId) > 0 ? `（${membersOf(householdId)}人待办）` : ''}
        </View>
      ))}
      {ids.length > CANDIDATES_SHOWN && <View className='muted'>另有{ids.length - CANDIDATES_SHOWN}户</View>}
    </View>
  )
}
