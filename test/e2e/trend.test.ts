import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeWithChromium } from './browser'
import { PHONE_VIEWPORT, signIn, useDemoApp } from './demoApp'

/**
 * The official's trend and daily report on the production H5 build in Chromium against the demo server:
 * F2 really draws the demo's 12 weeks on the canvas, and 复制今日日报 puts the report on the clipboard.
 */
describeWithChromium('trend and daily report in Chromium', () => {
  const app = useDemoApp()

  it('draws the township’s trend and copies today’s report for the WeChat group', async () => {
    const context = await app.newContext({ ...PHONE_VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await context.newPage()
    await signIn(page, app.server.baseUrl, 'demo-official')
    await page.locator('.trend-chart-latest').waitFor()
    expect(await page.locator('.trend-chart-latest').innerText()).toMatch(/^\d+月\d+日：注册率\d+\.\d%，走访覆盖率\d+\.\d%，达标\d+个$/)

    // F2 has drawn: a good share of the canvas' pixels are painted (axes, labels, two lines, legend).
    const canvas = page.locator('.trend-chart-canvas canvas')
    await canvas.waitFor()
    await page.waitForFunction(() => {
      const element = document.querySelector<HTMLCanvasElement>('.trend-chart-canvas canvas')
      const context2d = element?.getContext('2d')
      if (!element || !context2d || element.width === 0) return false
      const pixels = context2d.getImageData(0, 0, element.width, element.height).data
      let painted = 0
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++
      return painted > 2000
    })
    const box = await canvas.boundingBox()
    expect(box!.width).toBeGreaterThan(300)

    // The date labels under the axis sit wholly inside the canvas at 390 px: the first starts and the last
    // ends away from its edges (a centred last label would run into the right edge and be cut off), and
    // the last one is there, in the canvas' right quarter.
    const labels = await page.evaluate(() => {
      const element = document.querySelector<HTMLCanvasElement>('.trend-chart-canvas canvas')!
      const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height)
      const ratio = element.width / element.getBoundingClientRect().width
      const bandTop = Math.floor(element.height - 40 * ratio)
      const painted: number[] = []
      for (let x = 0; x < pixels.width; x++) {
        for (let y = bandTop; y < pixels.height; y++) {
          if (pixels.data[(y * pixels.width + x) * 4 + 3] > 0) {
            painted.push(x)
            break
          }
        }
      }
      return { width: element.width, ratio, left: Math.min(...painted), right: Math.max(...painted) }
    })
    expect(labels.left).toBeGreaterThanOrEqual(2 * labels.ratio)
    expect(labels.right).toBeLessThan(labels.width - 2 * labels.ratio)
    expect(labels.right).toBeGreaterThan(labels.width * 0.75)
    const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-trend-')), 'trend-390.png')
    await canvas.screenshot({ path: shot })
    console.log(`trend chart at 390 px: ${shot}`)

    const copy = page.locator('taro-button-core.daily-report-copy')
    expect((await copy.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect(await page.locator('taro-button-core.daily-report-share').count()).toBe(0)
    await copy.click()
    await page.locator('text=已复制，可粘贴到工作群').first().waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toMatch(/^【大阳镇无诈社区创建日报】\d+月\d+日：新增登记\d+户，新增注册APP \d+人，走访\d+户；本周（\d+月\d+日起）累计/)
  })
})
