import { useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Dashboard, DashboardVillage, RegionDetail } from '@/core/api'
import { formatPercent, rate } from '@/core/coverage'
import { REGION_LEVEL_LABELS, regionLevel } from '@/core/regions'
import { useSession } from '@/hooks/useSession'
import { LogoutButton } from '@/features/auth/components/LogoutButton'
import { useDashboard } from '@/features/dashboard/hooks/useDashboard'
import { VillageRow } from '@/features/dashboard/components/VillageRow'
import { PeriodPicker } from '@/features/dashboard/components/PeriodPicker'
import { quarterChoices } from '@/features/dashboard/periods'
import { SORT_KEYS, SORT_LABELS, groupByTownship, sortVillages, type SortKey } from '@/features/dashboard/villageTable'
import { errorMessage } from '@/services/api'
import { downloadExport } from '@/services/exportFile'
import { TrendChart } from '@/features/dashboard/components/TrendChart'
import { DailyReport } from '@/features/dashboard/components/DailyReport'
import { ActivityForm } from '@/features/campaign/ActivityForm'
import { PAGES, withQuery } from '@/routes'
import '../official.css'
import './index.css'

/**
 * A region's 创建情况: a township's or county's villages, or a city's counties, for a period. Every row
 * opens the level below (city → county → township → village), so one page serves the whole drill-down.
 */
export default function TownshipPage() {
  const { params } = useRouter<{ code?: string; period?: string }>()
  const session = useSession()
  const regionCode = params.code ?? session?.user?.scope.regionCode
  const [period, setPeriod] = useState(params.period || quarterChoices(new Date())[0].value)
  const [sortKey, setSortKey] = useState<SortKey>('points')
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<string | null>(null)
  const [recording, setRecording] = useState(false)
  const { dashboard, region, passPoints, error, loading, reload } = useDashboard(regionCode, period)

  // Loaded for each period chosen, and again when coming back from a village (a case may have been recorded).
  useEffect(() => {
    void reload()
  }, [reload])
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void reload()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const openRow = (row: DashboardVillage) => {
    const page = row.code.length === 12 ? PAGES.officialVillage : PAGES.township
    void Taro.navigateTo({ url: withQuery(page, { code: row.code, period }) })
  }
  const exportSummary = async () => {
    if (!dashboard) return
    setExporting(true)
    setExportError(null)
    try {
      await downloadExport('/exports/villages.xlsx', { region: dashboard.region.code, period })
    } catch (caught) {
      setExportError(errorMessage(caught))
    } finally {
      setExporting(false)
    }
  }

  const totals = dashboard?.totals
  const isCity = dashboard ? regionLevel(dashboard.region.code) === 'city' : false
  // A township's own activity counts for each of its villages; a county's or city's are not recorded.
  const isTownship = dashboard ? regionLevel(dashboard.region.code) === 'township' : false
  return (
    <View className='page official-page'>
      {error && <View className='error-text'>{error}</View>}
      {loading && !dashboard && !region && <View className='muted'>加载中…</View>}

      {!dashboard && region && <RegionChildren region={region} period={period} />}

      {dashboard && totals && (
        <View className='official-columns'>
          <View className='official-side'>
            <View className='section'>
              <View className='section-title township-title'>{dashboard.region.name}</View>
              <PeriodPicker value={period} onChange={setPeriod} />
              <View className='township-certified'>
                达标村社区 <View className='township-certified-value'>{totals.certified}/{totals.villages}</View>
              </View>
              <View className='township-totals'>
                <Total label='户数' value={totals.households} />
                <Total label='应注册人数' value={totals.eligible} />
                <Total label='已注册' value={totals.registered} />
                <Total label='注册率' value={formatPercent(rate(totals.registered, totals.eligible))} />
                <Total label='已走访户' value={totals.visitedHouseholds} />
                <Total label='走访覆盖' value={formatPercent(rate(totals.visitedHouseholds, totals.households))} />
              </View>
              <Button className='township-export' block fill='outline' loading={exporting} onClick={() => void exportSummary()}>
                导出村社区汇总
              </Button>
              {exportError && <View className='error-text'>{exportError}</View>}
              {isTownship && !recording && (
                <Button className='township-record-activity' block type='primary' onClick={() => setRecording(true)}>
                  记录乡镇宣传活动
                </Button>
              )}
              <View className='township-rules tappable link' onClick={() => void Taro.navigateTo({ url: PAGES.ruleSet })}>
                评分规则
              </View>
            </View>
            {recording && (
              <ActivityForm
                regionCode={dashboard.region.code}
                title='记录乡镇宣传活动'
                hint={`${dashboard.region.name}组织的宣传活动，计入本乡镇每个村社区的“宣传活动”次数。`}
                onCancel={() => setRecording(false)}
                onRecorded={() => {
                  setRecording(false)
                  void Taro.showToast({ title: '已记录', icon: 'success' })
                  void reload()
                }}
              />
            )}
            <View className='section'>
              <DailyReport regionCode={dashboard.region.code} />
              <TrendChart trend={dashboard.trend} />
            </View>
          </View>

          <View className='official-main section'>
            <View className='section-title'>{isCity ? '各区县' : '各村社区'}</View>
            <View className='township-sort'>
              <View className='muted'>排序：</View>
              {SORT_KEYS.filter((key) => !isCity || key === 'appCoverage' || key === 'visitCoverage').map((key) => (
                <View
                  key={key}
                  className={`township-sort-key tappable ${key === sortKey ? 'township-sort-key--selected' : ''}`}
                  onClick={() => setSortKey(key)}
                >
                  {SORT_LABELS[key]}
                </View>
              ))}
            </View>
            <VillageTable dashboard={dashboard} townships={region} sortKey={isCity && (sortKey === 'points' || sortKey === 'gap') ? 'appCoverage' : sortKey} passPoints={passPoints} onOpen={openRow} />
          </View>
        </View>
      )}
      <LogoutButton />
    </View>
  )
}

interface TableProps {
  dashboard: Dashboard
  /** A county's detail: its townships, to group its villages under. */
  townships: RegionDetail | null
  sortKey: SortKey
  passPoints: number | null
  onOpen: (row: DashboardVillage) => void
}

/** The rows, weakest first by the chosen column; a county's grouped by township under a header with its totals. */
function VillageTable({ dashboard, townships, sortKey, passPoints, onOpen }: TableProps) {
  if (dashboard.villages.length === 0) return <View className='muted'>暂无村社区数据</View>
  const pass = passPoints ?? Number.POSITIVE_INFINITY
  // Keyed by order as well as code, so a new order draws the rows afresh instead of moving them: moved
  // keyed rows kept a stale order in the compiled mini-program under miniprogram-simulate
  // (test/weapp/township.test.ts), and a table of a few dozen rows costs nothing to redraw.
  const rows = (villages: DashboardVillage[]) =>
    sortVillages(villages, sortKey, pass).map((village) => (
      <VillageRow key={`${sortKey}-${village.code}`} village={village} passPoints={passPoints} onOpen={() => onOpen(village)} />
    ))
  if (!townships) return <View>{rows(dashboard.villages)}</View>
  return (
    <View>
      {groupByTownship(dashboard.villages, townships.children).map((group) => (
        <View key={group.township.code} className='township-group'>
          <View
            className='township-group-head tappable'
            onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.township, { code: group.township.code, period: dashboard.period }) })}
          >
            <View className='link'>{group.township.name}</View>
            <View className='muted'>
              达标 {group.certified}/{group.villages.length} · {group.households} 户
            </View>
          </View>
          {rows(group.villages)}
        </View>
      ))}
    </View>
  )
}

/** A scope with no dashboard of its own (a province): pick the city to open. */
function RegionChildren({ region, period }: { region: RegionDetail; period: string }) {
  return (
    <View className='section'>
      <View className='section-title'>{region.name}：请选择{REGION_LEVEL_LABELS[region.children[0]?.level ?? 'city']}</View>
      {region.children.map((child) => (
        <View key={child.code} className='region-child tappable link' onClick={() => Taro.navigateTo({ url: withQuery(PAGES.township, { code: child.code, period }) })}>
          {child.name}
        </View>
      ))}
    </View>
  )
}

function Total({ label, value }: { label: string; value: number | string }) {
  return (
    <View className='township-total'>
      <View className='township-total-value'>{value}</View>
      <View className='muted'>{label}</View>
    </View>
  )
}
