import { useEffect, useState } from 'react'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_LABELS } from '@/core/api'
import { badgeTokenAt, type BadgeIssue } from '@/core/badge'
import { useSession } from '@/hooks/useSession'
import { useScopeLine } from '@/features/auth/hooks/useScopeLine'
import { batchRunningLow, fetchBatch, storedBatch } from '@/features/badge/badgeBatch'
import { badgeQrText } from '@/features/badge/checkUrl'
import { qrDataUrl } from '@/features/qr/qrDataUrl'
import { formatSyncTime } from '@/features/sync/formatSyncTime'
import './index.css'

/** mm:ss until `until`. */
function countdown(until: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(until) - now) / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * 我的工作证: the QR code a resident scans to check that the worker at the door is real. It shows the
 * token of the current 5-minute slot from the stored batch, moves to the next one by itself, and asks
 * the server for a new batch whenever it can and the stored one runs low — so it works without signal.
 */
export default function BadgePage() {
  const user = useSession()?.user ?? null
  const scope = useScopeLine(user)
  const [batch, setBatch] = useState<BadgeIssue | null>(() => (user ? storedBatch(user.id) : null))
  const [now, setNow] = useState(() => Date.now())
  const [image, setImage] = useState<string | null>(null)
  const [offline, setOffline] = useState(false)

  const refresh = () => {
    if (!user) return
    fetchBatch(user.id).then(
      (fresh) => {
        setBatch(fresh)
        setOffline(false)
      },
      () => setOffline(true)
    )
  }

  useEffect(() => {
    if (user?.role === 'grid_worker') refresh()
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user?.id])

  const current = batch ? badgeTokenAt(batch.batch, new Date(now)) : null
  const token = current?.token ?? null
  useEffect(() => {
    setImage(null)
    if (token) void qrDataUrl(badgeQrText(token)).then(setImage)
  }, [token])

  // A new slot is a good moment to top the batch up while there is signal.
  useEffect(() => {
    if (token && batchRunningLow(batch, new Date())) refresh()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token])

  if (user?.role !== 'grid_worker') {
    return (
      <View className='page badge-page'>
        <View className='section'>工作证只供网格员使用。</View>
      </View>
    )
  }

  return (
    <View className='page badge-page'>
      <View className='section badge-card'>
        <View className='badge-name'>{batch?.nameMasked ?? user.name}</View>
        <View className='badge-line'>{ROLE_LABELS.grid_worker}</View>
        <View className='badge-line'>{scope}</View>
        {current && image ? (
          <View className='badge-code'>
            <Image className='badge-qr' src={image} mode='aspectFit' />
            <View className='badge-countdown'>{countdown(current.expiresAt, now)} 后自动更换</View>
          </View>
        ) : current ? (
          <View className='badge-line'>正在生成二维码…</View>
        ) : (
          <View className='badge-expired'>工作证二维码已用完，请连接网络后点“重新获取”。</View>
        )}
        <View className='badge-hint'>请居民用微信扫一扫核验，二维码每5分钟更换一次，截图无效。</View>
        {offline && current && <View className='badge-hint'>离线中：使用本机已保存的工作证，可用到 {formatSyncTime(batch!.batch[batch!.batch.length - 1].expiresAt)}。</View>}
      </View>
      {(!current || offline) && (
        <Button className='badge-refresh' block onClick={refresh}>
          重新获取
        </Button>
      )}
    </View>
  )
}

