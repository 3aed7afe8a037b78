import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatPercent, rate } from '@/core/coverage'
import { useSession } from '@/hooks/useSession'
import { useGridOverview } from '@/features/home/hooks/useGridOverview'
import { usePendingCertifications } from '@/hooks/useGridCache'
import { OutboxStatus } from '@/features/sync/components/OutboxStatus'
import { MeEntry } from '@/features/auth/components/MeEntry'
import { PAGES } from '@/routes'
import './index.css'

export default function HomePage() {
  const session = useSession()
  const user = session?.user ?? null
  const { overview, error, loading, offline, reload } = useGridOverview(user)
  const totals = overview?.totals ?? null
  const pendingReviews = usePendingCertifications(user?.scope.gridIds?.[0] ?? null).length

  useDidShow(() => {
    void reload()
  })
  const openCoverage = () => void Taro.navigateTo({ url: PAGES.coverage })

  return (
    <View className='page'>
      <View className='section home-grid'>
        <View className='home-greeting'>{user ? `${user.name}，您好` : '您好'}</View>
        <View className='home-grid-name'>{overview?.gridName ?? '我的网格'}</View>
        {error && <View className='error-text'>{error}</View>}
        {totals && (
          <View className='home-stats'>
            {/* Every count explains itself (DESIGN §7): tapping one lists who is behind it. */}
            <Stat label='户数' value={String(totals.households)} onOpen={() => void Taro.navigateTo({ url: PAGES.households })} />
            <Stat label='已注册 / 应注册' value={`${totals.registered} / ${totals.eligible}`} onOpen={openCoverage} />
            <Stat label='注册率' value={formatPercent(rate(totals.registered, totals.eligible))} onOpen={openCoverage} />
          </View>
        )}
        {!totals && loading && <View className='muted home-loading'>加载中…</View>}
        {offline && <View className='muted'>离线：连上网络后下载本网格的户</View>}
      </View>

      <OutboxStatus />

      {user?.role === 'grid_worker' && (
        <View className='section home-review home-stat-link' onClick={() => void Taro.navigateTo({ url: PAGES.review })}>
          <View className='home-review-label'>居民认证待审核</View>
          <View className='home-review-count'>{pendingReviews}</View>
        </View>
      )}

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

function Stat({ label, value, onOpen }: { label: string; value: string; onOpen: () => void }) {
  return (
    <View className='home-stat home-stat-link' onClick={onOpen}>
      <View className='home-stat-value'>{value}</View>
      <View className='muted'>{label}</View>
    </View>
  )
}
