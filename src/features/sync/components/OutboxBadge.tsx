import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useOutbox } from '@/hooks/useOutbox'
import { useWaitingHouseholds } from '@/hooks/useGridCache'
import { PAGES } from '@/routes'
import { waitingLine } from '../waitingLine'
import './OutboxStatus.css'

/**
 * The outbox in one short line for the working screens (household list and household page), so the
 * count of waiting changes is in sight wherever the worker records; nothing when nothing waits or was
 * refused. Tapping it opens the sync page, like the home screen's OutboxStatus.
 */
export function OutboxBadge() {
  const { pending, rejected, syncing } = useOutbox()
  const households = useWaitingHouseholds()
  if (pending.length === 0 && rejected.length === 0) return null
  return (
    <View className='outbox-badge' onClick={() => void Taro.navigateTo({ url: PAGES.sync })}>
      {pending.length > 0 && <View className='outbox-count outbox-count--waiting'>{syncing ? '同步中…' : waitingLine(households, pending.length)}</View>}
      {rejected.length > 0 && <View className='outbox-rejected-count'>{rejected.length} 条未通过</View>}
    </View>
  )
}
