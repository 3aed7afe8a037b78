import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useOutbox } from '@/hooks/useOutbox'
import { PAGES } from '@/routes'
import './OutboxStatus.css'

/**
 * The outbox in one short line for the working screens (household list and household page), so the
 * count of waiting changes is in sight wherever the worker records; nothing when nothing waits or was
 * refused. Tapping it opens the sync page, like the home screen's OutboxStatus.
 */
export function OutboxBadge() {
  const { pending, rejected, syncing } = useOutbox()
  if (pending.length === 0 && rejected.length === 0) return null
  return (
    <View className='outbox-badge' onClick={() => void Taro.navigateTo({ url: PAGES.sync })}>
      {pending.length > 0 && <View className='outbox-count outbox-count--waiting'>{syncing ? '同步中…' : `${pending.length} 条待同步`}</View>}
      {rejected.length > 0 && <View className='outbox-rejected-count'>{rejected.length} 条未通过</View>}
    </View>
  )
}
