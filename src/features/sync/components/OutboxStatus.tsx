import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useOutbox } from '@/hooks/useOutbox'
import { useWaitingHouseholds } from '@/hooks/useGridCache'
import { PAGES } from '@/routes'
import { waitingLine } from '../waitingLine'
import './OutboxStatus.css'

/**
 * How many households and changes wait to be sent, always visible on the home screen; tapping it opens
 * the sync page (each waiting change, the refused ones with the server's reason, 重试 / 放弃 / 立即同步).
 */
export function OutboxStatus() {
  const { pending, rejected, syncing, online } = useOutbox()
  const households = useWaitingHouseholds()
  const waiting = pending.length

  return (
    <View className='outbox' onClick={() => void Taro.navigateTo({ url: PAGES.sync })}>
      <View className='outbox-summary'>
        <View className={waiting > 0 ? 'outbox-count outbox-count--waiting' : 'outbox-count'}>
          {syncing ? '同步中…' : waiting > 0 ? waitingLine(households, waiting) : '已全部同步'}
        </View>
        {rejected.length > 0 && <View className='outbox-rejected-count'>{rejected.length} 条未通过</View>}
        {!online && <View className='muted'>离线</View>}
      </View>
    </View>
  )
}
