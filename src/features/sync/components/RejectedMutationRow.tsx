import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RejectedMutation } from '@/services/outboxState'
import { describeMutation } from '@/core/mutations'
import { formatSyncTime } from '../formatSyncTime'
import './SyncRows.css'

interface Props {
  item: RejectedMutation
  /** Sends the same change again, as a new mutation. */
  onRetry: () => void
  /** Drops it for good (asked first). */
  onDiscard: () => void
}

/**
 * A change the server refused, with its reason: the worker retries it or gives it up, never silently
 * lost. A change about a household deleted elsewhere (该户已于 12月1日 14:05 被 王*明 删除) can only be
 * given up — sent again it would be refused again — so it offers 放弃 alone.
 */
export function RejectedMutationRow({ item, onRetry, onDiscard }: Props) {
  const householdGone = item.error.householdDeleted !== undefined
  async function discard() {
    const { confirm } = await Taro.showModal({ title: '放弃此项修改', content: '放弃后这项修改不会再发送，确定吗？' })
    if (confirm) onDiscard()
  }

  return (
    <View className='sync-row sync-rejected-row'>
      <View>{describeMutation(item.mutation)}</View>
      <View className='error-text sync-reason'>{item.error.message}</View>
      <View className='row'>
        <View className='muted'>{formatSyncTime(item.rejectedAt)} 退回</View>
        <View className='sync-row-actions button-row'>
          <Button size='small' fill='none' className='sync-discard' onClick={() => void discard()}>
            放弃
          </Button>
          {!householdGone && (
            <Button size='small' type='primary' className='sync-retry' onClick={onRetry}>
              重试
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}
