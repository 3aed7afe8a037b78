import Taro from '@tarojs/taro'
import type { DailyReport } from '@/core/dailyReport'
import { chineseDay } from '@/core/dailyReport'

export const SHARE_CANVAS_ID = 'daily-report-share-canvas'
/** The image's size in canvas units: a phone-width card, tall enough for the summary and five villages. */
export const SHARE_SIZE = { width: 375, height: 520 }
const PADDING = 20
const LINE = 26

/** Breaks text into lines that fit `width`, character by character (Chinese has no spaces to break at). */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const char of text) {
    if (context.measureText(line + char).width > width && line) {
      lines.push(line)
      line = char
    } else line += char
  }
  return line ? [...lines, line] : lines
}

/** The card: title, the day's and week's figures, and the villages that moved most. Counts only, no person. */
function drawCard(context: CanvasRenderingContext2D, report: DailyReport): void {
  const inner = SHARE_SIZE.width - PADDING * 2
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, SHARE_SIZE.width, SHARE_SIZE.height)
  context.fillStyle = '#1677ff'
  context.fillRect(0, 0, SHARE_SIZE.width, 64)
  context.fillStyle = '#ffffff'
  context.font = 'bold 20px sans-serif'
  context.fillText(`${report.region.name}无诈社区创建日报`, PADDING, 40)

  let y = 96
  const write = (text: string, font = '16px sans-serif', color = '#1a1a1a') => {
    context.font = font
    context.fillStyle = color
    for (const line of wrap(context, text, inner)) {
      context.fillText(line, PADDING, y)
      y += LINE
    }
  }
  write(`${chineseDay(report.date)}`, 'bold 18px sans-serif')
  write(`新增登记${report.day.households}户 · 新增注册APP ${report.day.registered}人 · 走访${report.day.visitedHouseholds}户`)
  y += 8
  write(`本周（${chineseDay(report.weekStart)}起）累计`, 'bold 18px sans-serif')
  write(`新增登记${report.week.households}户 · 新增注册APP ${report.week.registered}人 · 走访${report.week.visitedHouseholds}户`)
  y += 8
  write('各村进展（今日新增注册）', 'bold 18px sans-serif')
  for (const row of report.rows.slice(0, 5)) write(`${row.name}：+${row.registered}人，本周+${row.week.registered}人`)
  if (report.coverage) {
    y += 8
    write(`截至当日注册率${(report.coverage.appCoverage * 100).toFixed(1)}%，本季走访覆盖率${(report.coverage.visitCoverage * 100).toFixed(1)}%`, '16px sans-serif', '#595959')
  }
}

/**
 * weapp only: draws the report on the hidden 2d canvas node, saves it as an image and opens WeChat's
 * share menu for it (发送给朋友 / 保存), or a preview where the share menu is unavailable (base library
 * before 2.14.3).
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
          canvas.width = SHARE_SIZE.width * pixelRatio
          canvas.height = SHARE_SIZE.height * pixelRatio
          const context = canvas.getContext('2d') as CanvasRenderingContext2D
          context.scale(pixelRatio, pixelRatio)
          drawCard(context, report)
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
