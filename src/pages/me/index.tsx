import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ROLE_LABELS } from '@/core/api'
import { useSession } from '@/hooks/useSession'
import { useOutbox } from '@/hooks/useOutbox'
import { useWaitingHouseholds } from '@/hooks/useGridCache'
import { useScopeLine } from '@/features/auth/hooks/useScopeLine'
import { LogoutButton } from '@/features/auth/components/LogoutButton'
import { formatSyncTime } from '@/features/sync/formatSyncTime'
import { waitingLine } from '@/features/sync/waitingLine'
import { PAGES } from '@/routes'
import './index.css'

/** Who is signed in on this phone, where they work, whether their changes reached the server, and 退出登录. */
export default function MePage() {
  const user = useSession()?.user ?? null
  const scope = useScopeLine(user)
  const { pending, rejected, syncing, lastSyncedAt, online } = useOutbox()
  const households = useWaitingHouseholds()

  const state = syncing ? '同步中…' : pending.length > 0 ? waitingLine(households, pending.length) : '已全部同步'
  return (
    <View className='page me-page'>
      <View className='section'>
        <View className='me-name'>{user?.name ?? '未登录'}</View>
        {user && <View className='me-line me-role'>{ROLE_LABELS[user.role]}</View>}
        {user && <View className='me-line me-scope'>{scope}</View>}
      </View>

      <View className='section me-sync' onClick={() => void Taro.navigateTo({ url: PAGES.sync })}>
        <View>
          <View className='me-sync-state'>
            <View className={pending.length > 0 ? 'me-waiting' : 'me-synced'}>{state}</View>
            {rejected.length > 0 && <View className='me-refused'>{rejected.length} 条未通过</View>}
          </View>
          <View className='me-line me-secondary'>
            上次同步：{lastSyncedAt ? formatSyncTime(lastSyncedAt) : '本机尚未同步过'}
            {online ? '' : ' · 离线'}
          </View>
        </View>
        <View className='me-secondary'>›</View>
      </View>

      {user?.role === 'grid_worker' && (
        <View className='section me-link' onClick={() => void Taro.navigateTo({ url: PAGES.badge })}>
          <View>我的工作证</View>
          <View className='me-secondary'>给居民扫码核验 ›</View>
        </View>
      )}
      <View className='section me-link' onClick={() => void Taro.navigateTo({ url: PAGES.knowledge })}>
        <View>防骗知识</View>
        <View className='me-secondary'>›</View>
      </View>

      <LogoutButton className='me-logout' />
    </View>
  )
}
