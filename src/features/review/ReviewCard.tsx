import { useState } from 'react'
import { Image, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { APP_STATUS_LABELS, EVIDENCE_LABELS } from '@/core/appStatus'
import { UPLOAD_CHECK_LABELS } from '@/core/certification'
import type { PendingCertification } from '@/core/localCache'
import { errorMessage } from '@/services/api'
import { loadScreenshot } from './screenshot'
import './ReviewCard.css'

interface Props {
  item: PendingCertification
  onAccept: () => void
  onReject: (reason: string) => void
}

/**
 * One resident's declaration beside the member's current status and the screenshot, with 通过 / 不通过.
 * A screenshot WeChat's content check found risky is gone: the card says so instead of offering it.
 */
export function ReviewCard({ item, onAccept, onReject }: Props) {
  const { certification, currentApp } = item
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  const [screenshot, setScreenshot] = useState<{ src?: string; error?: string; loading?: boolean }>({})

  const showScreenshot = async (uploadId: string) => {
    setScreenshot({ loading: true })
    try {
      setScreenshot({ src: await loadScreenshot(uploadId) })
    } catch (error) {
      setScreenshot({ error: errorMessage(error) })
    }
  }
  const confirmReject = () => {
    if (!reason.trim()) {
      setReasonError('原因必须填写（不通过时需说明原因）')
      return
    }
    onReject(reason.trim())
  }

  return (
    <View className='section review-card'>
      <View className='review-name'>{item.memberName}</View>
      {item.addressText && <View className='review-line'>{item.addressText}</View>}
      <View className='review-line review-declared'>
        居民申报：{APP_STATUS_LABELS[certification.status]} · 来电预警{certification.alertsOn ? '已开启' : '未开启'}
      </View>
      <View className='review-line'>
        目前登记：{currentApp ? `${APP_STATUS_LABELS[currentApp.status]}（${EVIDENCE_LABELS[currentApp.evidence]}）` : '未登记'}
      </View>
      {certification.uploadCheck === 'risky' ? (
        <View className='review-line review-check-removed'>{UPLOAD_CHECK_LABELS.risky}（通过后记为本人申报）</View>
      ) : certification.uploadId ? (
        screenshot.src ? (
          <Image className='review-screenshot' src={screenshot.src} mode='widthFix' />
        ) : (
          <View>
            {certification.uploadCheck === 'review' && <View className='review-line review-check-note'>{UPLOAD_CHECK_LABELS.review}</View>}
            <Button className='review-show-screenshot' block loading={screenshot.loading} onClick={() => void showScreenshot(certification.uploadId!)}>
              查看截图
            </Button>
            {screenshot.error && <View className='error-text'>{screenshot.error}</View>}
          </View>
        )
      ) : (
        <View className='review-line'>未附截图（通过后记为本人申报）</View>
      )}
      {rejecting ? (
        <View>
          <Input className='review-reason' name='reason' maxLength={100} placeholder='不通过的原因（必填）' value={reason} onChange={setReason} />
          {reasonError && <View className='error-text'>{reasonError}</View>}
          <View className='review-actions'>
            <Button className='review-confirm-reject' type='primary' onClick={confirmReject}>
              确认不通过
            </Button>
            <Button onClick={() => setRejecting(false)}>取消</Button>
          </View>
        </View>
      ) : (
        <View className='review-actions'>
          <Button className='review-accept' type='primary' onClick={onAccept}>
            通过
          </Button>
          <Button className='review-reject' onClick={() => setRejecting(true)}>
            不通过
          </Button>
        </View>
      )}
    </View>
  )
}
