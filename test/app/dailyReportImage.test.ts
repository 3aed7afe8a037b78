import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCanvas } from '@napi-rs/canvas'
import { byMovement, dailyReportText, type DailyReport, type DailyReportRow } from '@/core/dailyReport'
import { REPORT_IMAGE_PADDING, REPORT_IMAGE_VILLAGES, drawReportImage, layoutReportImage } from '@/features/dashboard/reportImage'

/**
 * 生成分享图 on a real canvas (Skia, through @napi-rs/canvas, with the system's CJK fonts): the same
 * layout and drawing the weapp runs on its canvas node, measured with real glyphs.
 */

const row = (index: number, name: string, registered: number): DailyReportRow => ({
  code: `14100210${String(200 + index).padStart(4, '0')}`,
  name,
  households: 1,
  registered,
  visitedHouseholds: index % 3,
  week: { households: 3, registered: registered + 4, visitedHouseholds: 5 }
})

function report(villages: number, regionName = '大阳镇'): DailyReport {
  const names = ['大阳村', '东关社区居民委员会', '西坡村民委员会', '南庄村', '北河湾村民委员会（含新建小区）']
  const body: Omit<DailyReport, 'text'> = {
    date: '2026-12-02',
    weekStart: '2026-11-30',
    region: { code: '141002102', name: regionName, level: 'township' },
    day: { households: 12, registered: 130, visitedHouseholds: 25 },
    week: { households: 40, registered: 1096, visitedHouseholds: 380 },
    rows: Array.from({ length: villages }, (_, index) => row(index, `${names[index % names.length]}${index}`, (index * 7) % 23)).sort(byMovement),
    coverage: { appCoverage: 0.6234, visitCoverage: 0.55 }
  }
  return { ...body, text: dailyReportText(body) }
}

/** Lays the report out and draws it on a canvas of the card's size, as the weapp does (at a pixel ratio of 2). */
function render(dailyReport: DailyReport) {
  const measuring = createCanvas(1, 1).getContext('2d')
  const layout = layoutReportImage(measuring, dailyReport)
  const canvas = createCanvas(layout.width * 2, layout.height * 2)
  const context = canvas.getContext('2d')
  context.scale(2, 2)
  drawReportImage(context, layout)
  return { layout, canvas, context }
}

test('every line fits the card inside its margins, long village and region names wrapping', () => {
  for (const dailyReport of [report(5), report(12, '某某自治县某某民族乡（街道办事处）')]) {
    const { layout, context } = render(dailyReport)
    expect(layout.lines.length).toBeGreaterThan(8)
    const outside = layout.lines.filter((line) => {
      context.font = line.font
      const right = line.x + context.measureText(line.text).width
      return line.x < REPORT_IMAGE_PADDING || right > layout.width - REPORT_IMAGE_PADDING || line.y > layout.height - REPORT_IMAGE_PADDING
    })
    // Named by their text, so a failure says which line overflows.
    expect(outside.map((line) => line.text)).toEqual([])
    // Nothing is lost to wrapping: the lines hold every village's name.
    const text = layout.lines.map((line) => line.text).join('')
    for (const village of dailyReport.rows) expect(text).toContain(village.name)
  }
})

test('the card grows with the villages listed, up to the most a canvas can hold', () => {
  const heights = [1, 5, 12, REPORT_IMAGE_VILLAGES, REPORT_IMAGE_VILLAGES + 10].map((villages) => render(report(villages)).layout.height)
  expect(heights[1]).toBeGreaterThan(heights[0])
  expect(heights[2]).toBeGreaterThan(heights[1])
  expect(heights[3]).toBeGreaterThan(heights[2])
  // Past the limit one line says how many more, and WeChat's 4096-pixel canvas side holds it at a ratio of 3.
  const beyond = render(report(REPORT_IMAGE_VILLAGES + 10)).layout
  expect(beyond.lines.map((line) => line.text).join('')).toContain('另有10个村（社区）本周有进展')
  expect(heights[4]).toBeLessThan(heights[3] + 80)
  expect(heights[4] * 3).toBeLessThanOrEqual(4096)
})

test('the drawing is not blank: a blue title band, dark text on white, written out as a PNG', () => {
  const { layout, canvas, context } = render(report(8))
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height)
  let blue = 0
  let dark = 0
  const band = layout.lines[0].y * 2
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
      if (y < band && r < 40 && g > 100 && b > 230) blue++
      if (y > band + 40 && r < 80 && g < 80 && b < 80) dark++
    }
  }
  expect(blue).toBeGreaterThan(width * 40)
  // Glyphs, not tofu boxes or nothing: thousands of dark pixels below the band.
  expect(dark).toBeGreaterThan(5000)
  // The bottom margin is left white.
  const lastRow = Array.from(data.subarray((height - 1) * width * 4, height * width * 4))
  expect(lastRow.every((value) => value === 255)).toBe(true)

  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-report-image-')), 'daily-report.png')
  fs.writeFileSync(file, canvas.toBuffer('image/png'))
  expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG')
  console.log(`daily report image: ${file}`)
})
