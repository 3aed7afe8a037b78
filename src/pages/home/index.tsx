import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatPercent, rate } from '@/core/coverage'
import { useSession } from '@/hooks/useSession'
import { useGridOverview } from '@/features/home/hooks/useGridOverview'
import { OutboxStatus } from '@/features/sync/components/OutboxStatus'
import { MeEntry } from '@/features/auth/components/MeEntry'
import { PAGES } from '@/routes'
import './index.css'

export default function HomePage() {
  const session = useSession()
  const user = session?.user ?? null
  const { overview, error, loading, offline, reload } = useGridOverview(user)

  useDidShow(() => {
    void reload()
  })

  return (
    <View className='page'>
      <View className='section home-grid'>
        <View className='home-greeting'>{user ? `${user.name}，您好` : '您好'}</View>
        <View className='home-grid-name'>{overview?.gridName ?? (loading ? '加载中…' : '我的网格')}</View>
        {error && <View className='error-text'>{error}</View>}
        {overview && (
          <View className='home-stats'>
            <Stat label='户数' value={String(overview.totals.households)} />
            <Stat label='已注册 / 应注册' value={`${overview.totals.registered} / ${overview.totals.eligible}`} />
            <Stat label='注册率' value={formatPercent(rate(overview.totals.registered, overview.totals.eligible))} />
          </View>
        )}
        {offline && <View className='muted'>离线：连上网络后下载本网格的户{overview ? '，目前只统计了本机保存的户' : ''}</View>}
      </View>

      <OutboxStatus />

      <View className='actions'>
        <Button type='primary' block onClick={() => Taro.navigateTo({ url: PAGES.households })}>
          户列表
        </Button>
        <Button block onClick={() => Taro.navigateTo({ url: PAGES.householdEdit })}>
          新增户
        </Button>
        <Button block onClick={() => Taro.navigateTo({ url: PAGES.rosterImport })}>
          导入名单
        </Button>
      </View>
      <MeEntry />
    </View>
  )
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <View className='home-stat'>
      <View className='home-stat-value'>{value}</View>
      <View className='muted'>{label}</View>
    </View>
  )
}
