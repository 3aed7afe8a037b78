import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import type { Grid, HouseholdSummary } from '@/core/api'
import { formatPercent, rate } from '@/core/coverage'
import type { ScoreGap, ScoredIndicator } from '@/core/scoring'
import { useVillageScore } from '@/features/dashboard/hooks/useVillageScore'
import { ActivityForm } from '@/features/campaign/ActivityForm'
import { ActivityList } from '@/features/campaign/ActivityList'
import { CaseForm } from '@/features/campaign/CaseForm'
import { useActivities } from '@/features/campaign/useActivities'
import { pointsText } from '@/features/dashboard/components/VillageRow'
import { VILLAGE_STATUS_LABELS } from '@/features/dashboard/labels'
import { describePeriod } from '@/features/dashboard/periods'
import { gridFigures } from '@/features/dashboard/villageTable'
import { errorMessage } from '@/services/api'
import { downloadExport } from '@/services/exportFile'
import { PAGES, withQuery } from '@/routes'
import '../official.css'
import './index.css'

/** How many candidate households a gap lists before saying how many more there are. */
const CANDIDATES_SHOWN = 20

/** A village's score explained: every indicator, the vetoes, the gap list to act on, its activities and grids; cases, activities and the roster export. */
export default function VillagePage() {
  const { params } = useRouter<{ code?: string; period?: string }>()
  const { score, grids, households, error, reload } = useVillageScore(params.code, params.period || undefined)
  const activities = useActivities(params.code)
  // One record form open at a time: a case or an activity.
  const [recording, setRecording] = useState<'case' | 'activity' | null>(null)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<string | null>(null)

  useDidShow(() => {
    void reload()
  })
  usePullDownRefresh(() => {
    void Promise.all([reload(), activities.reload()]).finally(() => Taro.stopPullDownRefresh())
  })

  if (!score) return <View className={error ? 'page official-page error-text' : 'page official-page muted'}>{error ?? '加载中…'}</View>

  const exportRoster = async () => {
    setExporting(true)
    setExportError(null)
    try {
      await downloadExport('/exports/households.xlsx', { village: score.village.code })
    } catch (caught) {
      setExportError(errorMessage(caught))
    } finally {
      setExporting(false)
    }
  }
  const recorded = () => {
    setRecording(null)
    void Taro.showToast({ title: '已记录', icon: 'success' })
    void reload()
  }
  const tagType = score.status === 'certified' ? 'success' : score.status === 'vetoed' ? 'danger' : 'warning'
  return (
    <View className='page official-page'>
      <View className='official-columns'>
        <View className='official-side'>
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
            {error && <View className='error-text'>{error}</View>}
            <View className='actions village-actions'>
              <Button className='village-record-case' type='primary' onClick={() => setRecording('case')}>
                记录涉诈案件
              </Button>
              <Button className='village-record-activity' type='primary' onClick={() => setRecording('activity')}>
                记录宣传活动
              </Button>
              <Button className='village-export' fill='outline' loading={exporting} onClick={() => void exportRoster()}>
                导出住户名单
              </Button>
              {exportError && <View className='error-text'>{exportError}</View>}
            </View>
          </View>
          {recording === 'case' && <CaseForm villageCode={score.village.code} onCancel={() => setRecording(null)} onRecorded={recorded} />}
          {recording === 'activity' && (
            <ActivityForm
              regionCode={score.village.code}
              title='记录宣传活动'
              hint={`${score.village.name}组织的宣传活动，计入其评分的“宣传活动”一项。`}
              onCancel={() => setRecording(null)}
              onRecorded={() => {
                recorded()
                void activities.reload()
              }}
            />
          )}
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
          <View className='section village-activities'>
            <View className='section-title'>宣传活动</View>
            {activities.error && <View className='error-text'>{activities.error}</View>}
            {activities.items ? <ActivityList items={activities.items} /> : !activities.error && <View className='muted'>加载中…</View>}
          </View>
          <GridList grids={grids} households={households} />
        </View>

        <View className='official-main'>
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
              <GapItem key={gap.indicator} gap={gap} households={households} />
            ))}
          </View>
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

/** A gap's message and the households to go to (by address), each opening its read-only view. */
function GapItem({ gap, households }: { gap: ScoreGap; households: HouseholdSummary[] }) {
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
          onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.officialHousehold, { id: householdId }) })}
        >
          {labelOf(householdId, index)}
          {membersOf(householdId) > 0 ? `（${membersOf(householdId)}人待办）` : ''}
        </View>
      ))}
      {ids.length > CANDIDATES_SHOWN && <View className='muted'>另有{ids.length - CANDIDATES_SHOWN}户</View>}
    </View>
  )
}

/**
 * The village's grids with their workers, households and app registrations, summed from the household
 * list (no endpoint gives per-grid scores or visit coverage, so those are not shown).
 */
function GridList({ grids, households }: { grids: Grid[]; households: HouseholdSummary[] }) {
  const figures = gridFigures(households)
  return (
    <View className='section village-grids'>
      <View className='section-title'>网格（{grids.length}个）</View>
      {grids.length === 0 && <View className='muted'>还没有划分网格</View>}
      {grids.map((grid) => {
        const own = figures.get(grid.id) ?? { households: 0, eligible: 0, registered: 0 }
        return (
          <View key={grid.id} className='village-grid'>
            <View className='row'>
              <View>{grid.name}</View>
              <View className='village-grid-figures'>
                {own.households}户 · 注册率 {formatPercent(rate(own.registered, own.eligible))}
              </View>
            </View>
            <View className='muted'>网格员：{grid.workers.map((worker) => worker.name).join('、') || '未分配'}</View>
          </View>
        )
      })}
    </View>
  )
}
