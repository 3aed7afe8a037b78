import type { DailyReport } from '@/core/dailyReport'
import { chineseDay } from '@/core/dailyReport'

/**
 * The daily report as a share image, drawn on any 2d context (a weapp canvas node's, a browser's, or a
 * node canvas in tests): first laid out (lines wrapped to the width, the height they need), then drawn.
 * Counts and village names only, no person, like the text.
 */

/** What the drawing needs of a CanvasRenderingContext2D. */
export interface ReportImageContext {
  font: string
  fillStyle: string | object
  fillRect(x: number, y: number, width: number, height: number): void
  fillText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
}

export interface ReportImageLine {
  text: string
  font: string
  color: string
  x: number
  /** The baseline. */
  y: number
}

export interface ReportImageLayout {
  width: number
  height: number
  /** The title band's height (a long region name wraps onto a second line). */
  header: number
  /** Every line, the title's first. */
  lines: ReportImageLine[]
}

/** A phone-width card, in canvas units (the caller scales by the screen's pixel ratio). */
export const REPORT_IMAGE_WIDTH = 375
export const REPORT_IMAGE_PADDING = 20
/**
 * The most villages listed by name: a township has a few dozen, and a weapp canvas is limited to
 * 4096 device pixels a side (about 1300 units at a pixel ratio of 3).
 */
export const REPORT_IMAGE_VILLAGES = 30
const LINE = 26
const HEADER = 64
const TITLE_BASELINE = 40
const GAP = 8
const BODY = '16px sans-serif'
const HEADING = 'bold 18px sans-serif'
const TITLE = 'bold 20px sans-serif'
const TEXT_COLOR = '#1a1a1a'
const QUIET_COLOR = '#595959'

/**
 * Breaks text into lines that fit `width`: between any two Chinese characters (there are no spaces to
 * break at), but never inside a number or a Latin word such as 1096 or APP.
 */
function wrap(context: ReportImageContext, text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const token of text.match(/[A-Za-z0-9.%+]+|./gu) ?? []) {
    if (context.measureText(line + token).width > width && line.trim()) {
      lines.push(line.trimEnd())
      line = token.trimStart()
    } else line += token
  }
  return line ? [...lines, line] : lines
}

/** Where every line goes and how tall the card is: the day's and week's figures, then each village that moved. */
export function layoutReportImage(context: ReportImageContext, report: DailyReport): ReportImageLayout {
  const inner = REPORT_IMAGE_WIDTH - REPORT_IMAGE_PADDING * 2
  const lines: ReportImageLine[] = []
  let y = TITLE_BASELINE
  const write = (text: string, font = BODY, color = TEXT_COLOR) => {
    context.font = font
    for (const part of wrap(context, text, inner)) {
      lines.push({ text: part, font, color, x: REPORT_IMAGE_PADDING, y })
      y += LINE
    }
  }
  write(`${report.region.name}无诈社区创建日报`, TITLE, '#ffffff')
  // One title line fits the 64-unit band; each further line makes it a line taller.
  const header = HEADER + (y - TITLE_BASELINE - LINE)
  y = header + 32

  write(chineseDay(report.date), HEADING)
  write(`新增登记${report.day.households}户 · 新增注册APP ${report.day.registered}人 · 走访${report.day.visitedHouseholds}户`)
  y += GAP
  write(`本周（${chineseDay(report.weekStart)}起）累计`, HEADING)
  write(`新增登记${report.week.households}户 · 新增注册APP ${report.week.registered}人 · 走访${report.week.visitedHouseholds}户`)
  y += GAP
  write('各村进展（今日新增注册）', HEADING)
  if (report.rows.length === 0) write('本周各村暂无进展', BODY, QUIET_COLOR)
  for (const row of report.rows.slice(0, REPORT_IMAGE_VILLAGES)) write(`${row.name}：+${row.registered}人，本周+${row.week.registered}人`)
  if (report.rows.length > REPORT_IMAGE_VILLAGES) write(`另有${report.rows.length - REPORT_IMAGE_VILLAGES}个村（社区）本周有进展`, BODY, QUIET_COLOR)
  if (report.coverage) {
    y += GAP
    write(`截至当日注册率${(report.coverage.appCoverage * 100).toFixed(1)}%，本季走访覆盖率${(report.coverage.visitCoverage * 100).toFixed(1)}%`, BODY, QUIET_COLOR)
  }
  // The last baseline plus room for descenders and a bottom margin.
  return { width: REPORT_IMAGE_WIDTH, height: y - LINE + REPORT_IMAGE_PADDING + 8, header, lines }
}

/** Draws a laid-out card: white, a blue title band, the lines. */
export function drawReportImage(context: ReportImageContext, layout: ReportImageLayout): void {
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, layout.width, layout.height)
  context.fillStyle = '#1677ff'
  context.fillRect(0, 0, layout.width, layout.header)
  for (const line of layout.lines) {
    context.font = line.font
    context.fillStyle = line.color
    context.fillText(line.text, line.x, line.y)
  }
}
