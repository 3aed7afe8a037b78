import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { BadgeCheck } from '@/core/badge'
import { ApiError, request } from '@/services/api'
import { Call96110 } from '@/features/knowledge/Call96110'
import { PAGES } from '@/routes'
import './index.css'

type State = { kind: 'checking' } | { kind: 'answered'; check: BadgeCheck } | { kind: 'failed'; message: string }

/**
 * Opened from a worker's badge QR code: asks the server whether the token is valid now, and says so in
 * large type with the worker's masked name, role, village and grid — or, when it is not, warns the
 * resident and offers 96110. No sign-in: a resident checks the person at the door before anything else.
 */
export default function BadgeCheckPage() {
  const token = useRouter().params.token ?? ''
  const [state, setState] = useState<State>({ kind: 'checking' })

  const check = () => {
    if (!token) {
      setState({ kind: 'answered', check: { valid: false, nameMasked: null, role: null, village: null, grid: null } })
      return
    }
    setState({ kind: 'checking' })
    request<BadgeCheck>('GET', `/badges/${encodeURIComponent(token)}`, { anonymous: true }).then(
      (answer) => setState({ kind: 'answered', check: answer }),
      (error: unknown) => setState({ kind: 'failed', message: error instanceof ApiError ? error.message : '核验失败，请稍后重试' })
    )
  }
  useEffect(check, [token])

  return (
    <View className='page badge-check'>
      {state.kind === 'checking' && <View className='section badge-check-waiting'>正在核验…</View>}
      {state.kind === 'failed' && (
        <View className='section'>
          <View className='badge-check-failed'>暂时无法核验</View>
          <View className='badge-check-line'>{state.message}</View>
          <Button className='badge-check-retry' block onClick={check}>
            重新核验
          </Button>
          <View className='badge-check-line'>核验之前，请不要开门或转账。</View>
          <Call96110 />
        </View>
      )}
      {state.kind === 'answered' && state.check.valid && (
        <View className='section'>
          <View className='badge-verdict badge-valid'>有效</View>
          <View className='badge-check-name'>{state.check.nameMasked}</View>
          <View className='badge-check-line'>{state.check.role}</View>
          <View className='badge-check-line'>{[state.check.village, state.check.grid].filter(Boolean).join(' ')}</View>
          <View className='badge-check-hint'>这是本辖区登记在册的网格员。网格员不会向您要钱、要验证码或银行卡密码。</View>
        </View>
      )}
      {state.kind === 'answered' && !state.check.valid && (
        <View className='section'>
          <View className='badge-verdict badge-invalid'>无效</View>
          <View className='badge-check-warning'>
            这个工作证无效或已过期，对方可能不是网格员。请不要开门，不要转账，不要告诉对方验证码。请让对方当面刷新二维码后重新扫码，或拨打96110咨询；遇到诈骗请拨打110。
          </View>
          <Call96110 />
        </View>
      )}
      <View className='section tappable link badge-check-knowledge' onClick={() => void Taro.navigateTo({ url: PAGES.knowledge })}>
        防骗知识 ›
      </View>
    </View>
  )
}
