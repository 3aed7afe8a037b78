import Taro from '@tarojs/taro'
import type { DailyReport } from '@/core/dailyReport'
import { drawReportImage, layoutReportImage } from '../reportImage'

export const SHARE_CANVAS_ID = 'daily-report-share-canvas'

/**
 * weapp only: draws the report (features/dashboard/reportImage.ts) on the hidden 2d canvas node, sized
 * to the card, saves it as an image and opens WeChat's share menu for it (发送给朋友 / 保存), or a
 * preview where the share menu is unavailable (base library before 2.14.3).
 */
export function shareReportImage(report: DailyReport): Promise<void> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(`#${SHARE_CANVAS_ID}`)
      .node()
      .exec(async (results: Array<{ node?: unknown } | undefined> | undefined) => {
        try {
          const canvas = results?.[0]?.node as (Taro.Canvas & { width: number; height: number }) | undefined
          if (!canvas) throw new Error('生成图片失败，请稍后重试')
          const pixelRatio = Taro.getSystemInfoSync().pixelRatio
          const context = canvas.getContext('2d') as CanvasRenderingContext2D
          // Measured first: sizing the canvas to the card resets the context's scale.
          const layout = layoutReportImage(context, report)
          canvas.width = layout.width * pixelRatio
          canvas.height = layout.height * pixelRatio
          context.scale(pixelRatio, pixelRatio)
          drawReportImage(context, layout)
          const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas })
          if (Taro.canIUse('showShareImageMenu')) await Taro.showShareImageMenu({ path: tempFilePath })
          else await Taro.previewImage({ urls: [tempFilePath] })
          resolve()
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        }
      })
  })
}
