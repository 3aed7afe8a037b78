import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Grid, HouseholdSummary } from '@/core/api'
import { formatPercent, rate } from '@/core/coverage'
import { useVillageScore } from '@/features/dashboard/hooks/useVillageScore'
import { ActivityForm } from '@/features/campaign/ActivityForm'
import { ActivityList } from '@/features/campaign/ActivityList'
import { CaseForm } from '@/features/campaign/CaseForm'
import { useActivities } from '@/features/campaign/useActivities'
import { ScoreExplained } from '@/features/dashboard/components/ScoreExplained'
import { gridFigures } from '@/features/dashboard/villageTable'
import { errorMessage } from '@/services/api'
import { downloadExport } from '@/services/exportFile'
import { PAGES } from '@/routes'
import '../official.css'
import './index.css'

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
  return (
    <View className='page official-page'>
      <ScoreExplained
        score={score}
        households={households}
        householdPage={PAGES.officialHousehold}
        actions={
          <>
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
          </>
        }
        aside={
          <>
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
            <View className='section village-activities'>
              <View className='section-title'>宣传活动</View>
              {activities.error && <View className='error-text'>{activities.error}</View>}
              {activities.items ? <ActivityList items={activities.items} /> : !activities.error && <View className='muted'>加载中…</View>}
            </View>
            <GridList grids={grids} households={households} />
          </>
        }
      />
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
