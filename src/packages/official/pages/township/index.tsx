import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { formatPercent, rate } from '@/core/coverage'
import { REGION_LEVEL_LABELS } from '@/core/regions'
import { useSession } from '@/hooks/useSession'
import { LogoutButton } from '@/features/auth/components/LogoutButton'
import { useDashboard, villagesByCoverage } from '@/features/dashboard/hooks/useDashboard'
import { VillageRow } from '@/features/dashboard/components/VillageRow'
import { TrendChart } from '@/features/dashboard/components/TrendChart'
import { DailyReport } from '@/features/dashboard/components/DailyReport'
import { PAGES, withQuery } from '@/routes'
import './index.css'

export default function TownshipPage() {
  const { params } = useRouter<{ code?: string }>()
  const session = useSession()
  const regionCode = params.code ?? session?.user?.scope.regionCode
  const { dashboard, region, error, loading, reload } = useDashboard(regionCode)

  useDidShow(() => {
    void reload()
  })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const totals = dashboard?.totals
  return (
    <View className='page'>
      {error && <View className='error-text'>{error}</View>}
      {loading && !dashboard && !region && <View className='muted'>加载中…</View>}

      {region && (
        <View className='section'>
          <View className='section-title'>{region.name}：请选择{REGION_LEVEL_LABELS[region.children[0]?.level ?? 'county']}</View>
          {region.children.map((child) => (
            <View
              key={child.code}
              className='region-child tappable'
              onClick={() => Taro.navigateTo({ url: withQuery(PAGES.township, { code: child.code }) })}
            >
              {child.name}
            </View>
          ))}
        </View>
      )}

      {dashboard && totals && (
        <>
          <View className='section'>
            <View className='section-title'>
              {dashboard.region.name} · {dashboard.period}
            </View>
            <View className='township-totals'>
              <Total label='户数' value={totals.households} />
              <Total label='应注册人数' value={totals.eligible} />
              <Total label='已注册' value={totals.registered} />
              <Total label='注册率' value={formatPercent(rate(totals.registered, totals.eligible))} />
              <Total label='已走访户' value={totals.visitedHouseholds} />
              <Total label='达标村社区' value={`${totals.certified}/${totals.villages}`} />
            </View>
          </View>
          <View className='section'><DailyReport regionCode={dashboard.region.code} /><TrendChart trend={dashboard.trend} /></View>
          <View className='section'>
            <View className='section-title'>各村社区（注册率由低到高）</View>
            {dashboard.villages.length === 0 && <View className='muted'>暂无村社区数据</View>}
            {villagesByCoverage(dashboard.villages).map((village) => (
              <VillageRow key={village.code} village={village} />
            ))}
          </View>
        </>
      )}
      <LogoutButton />
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
