import { Canvas, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useDailyReport } from '../hooks/useDailyReport'
import { SHARE_CANVAS_ID, shareReportImage } from './DailyReport.image'
import './DailyReport.css'

/** The share image needs a canvas node and WeChat's share menu: H5 copies only. */
const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/**
 * 每日上报 without typing: one tap copies today's report of the township (GET /reports/daily) for its
 * WeChat group; on weapp it can also be shared as an image.
 */
export function DailyReport({ regionCode }: { regionCode: string }) {
  const { busy, copy, withReport } = useDailyReport(regionCode)
  return (
    <View className='daily-report'>
      <Button className='daily-report-button daily-report-copy' block type='primary' loading={busy} onClick={() => void copy()}>
        复制今日日报
      </Button>
      {IS_WEAPP && (
        <>
          <Button className='daily-report-button daily-report-share' block fill='outline' disabled={busy} onClick={() => void withReport(shareReportImage)}>
            生成分享图
          </Button>
          <Canvas type='2d' id={SHARE_CANVAS_ID} className='daily-report-canvas' />
        </>
      )}
    </View>
  )
}
