import { View } from '@tarojs/components'
import { describeMutation, type Mutation } from '@/core/mutations'
import { formatSyncTime } from '../formatSyncTime'
import './SyncRows.css'

/** One change waiting to be sent: what it is, and when it was made. */
export function PendingMutationRow({ mutation }: { mutation: Mutation }) {
  return (
    <View className='sync-row sync-pending-row'>
      <View>{describeMutation(mutation)}</View>
      <View className='muted'>{formatSyncTime(mutation.at)} 保存</View>
    </View>
  )
}
