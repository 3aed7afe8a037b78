import { useState } from 'react'
import dayjs from 'dayjs'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { useOutbox } from '@/hooks/useOutbox'
import { describeMutation } from '../describeMutation'
import './OutboxStatus.css'

/**
 * How many changes wait to be sent, always visible on the home screen. Tapping it shows the changes
 * the server refused, with its reasons, and lets the worker send again.
 */
export function OutboxStatus() {
  const { pending, rejected, syncing, lastError, syncNow, retryRejected, discardRejected } = useOutbox()
  const [open, setOpen] = useState(false)
  const waiting = pending.length

  async function discard(mutationId: string) {
    const { confirm } = await Taro.showModal({ title: '放弃此项修改', content: '放弃后这项修改不会再发送，确定吗？' })
    if (confirm) discardRejected(mutationId)
  }

  return (
    <View className='outbox'>
      <View className='outbox-summary' onClick={() => setOpen(!open)}>
        <View className={waiting > 0 ? 'outbox-count outbox-count--waiting' : 'outbox-count'}>
          {syncing ? '同步中…' : waiting > 0 ? `${waiting} 条待同步` : '已全部同步'}
        </View>
        {rejected.length > 0 && <View className='outbox-rejected-count'>{rejected.length} 条未通过</View>}
      </View>
      {open && (
        <View className='outbox-detail'>
          {lastError && waiting > 0 && <View className='muted'>上次同步未完成：{lastError}</View>}
          {rejected.map(({ mutation, error, rejectedAt }) => (
            <View key={mutation.id} className='outbox-rejected'>
              <View>{describeMutation(mutation)}</View>
              <View className='error-text'>{error.message}</View>
              <View className='row'>
                <View className='muted'>{dayjs(rejectedAt).format('MM-DD HH:mm')}</View>
                <Button size='small' fill='none' onClick={() => void discard(mutation.id)}>
                  放弃此项
                </Button>
              </View>
            </View>
          ))}
          <View className='outbox-actions'>
            {rejected.length > 0 && (
              <Button size='small' type='primary' onClick={() => void retryRejected()}>
                重试
              </Button>
            )}
            <Button size='small' disabled={syncing || waiting === 0} onClick={() => void syncNow()}>
              立即同步
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
