import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useOutbox } from '@/hooks/useOutbox'
import { PendingMutationRow } from '@/features/sync/components/PendingMutationRow'
import { RejectedMutationRow } from '@/features/sync/components/RejectedMutationRow'
import { formatSyncTime } from '@/features/sync/formatSyncTime'
import './index.css'

/** Everything the phone still has to send, what the server refused and why, and a way to act on it. */
export default function SyncPage() {
  const { pending, rejected, syncing, lastError, lastSyncedAt, online, syncNow, retryRejectedMutation, discardRejected } = useOutbox()

  return (
    <View className='page'>
      <View className='section'>
        <View className='sync-status'>
          <View className={online ? 'sync-network' : 'sync-network sync-network--offline'}>{online ? '在线' : '离线（无网络）'}</View>
          <Button size='small' type='primary' className='sync-now' loading={syncing} disabled={syncing} onClick={() => void syncNow()}>
            立即同步
          </Button>
        </View>
        <View className='muted sync-last'>上次同步：{lastSyncedAt ? formatSyncTime(lastSyncedAt) : '本机尚未同步过'}</View>
        {lastError && pending.length > 0 && <View className='error-text'>上次同步未完成：{lastError}</View>}
      </View>

      <View className='section sync-pending'>
        <View className='section-title'>待同步（{pending.length}）</View>
        {pending.length === 0 && <View className='muted sync-empty'>没有等待发送的修改</View>}
        {pending.map((mutation) => (
          <PendingMutationRow key={mutation.id} mutation={mutation} />
        ))}
      </View>

      <View className='section sync-rejected'>
        <View className='section-title'>未通过（{rejected.length}）</View>
        {rejected.length === 0 && <View className='muted sync-empty'>没有被服务器退回的修改</View>}
        {rejected.map((item) => (
          <RejectedMutationRow
            key={item.mutation.id}
            item={item}
            onRetry={() => void retryRejectedMutation(item.mutation.id)}
            onDiscard={() => discardRejected(item.mutation.id)}
          />
        ))}
      </View>
    </View>
  )
}
