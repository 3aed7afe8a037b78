import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describeWithChromium } from './browser'
import { DEMO_VILLAGE, signIn, useDemoApp } from './demoApp'

/**
 * Issue #9's official journey on the production H5 build in Chromium, against the real server in demo
 * mode, on a desk-sized screen: demo-official opens the township dashboard (laid out in columns, not a
 * phone column), opens the demo village, records an incident and sees the village turn 一票否决, then
 * downloads the village's household roster (phones masked) and the township's village summary.
 */
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true }

async function readSheet(path: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path)
  const rows: string[][] = []
  workbook.worksheets[0].eachRow((row) => {
    const values = row.values as unknown[]
    rows.push(values.slice(1).map((value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '')))
  })
  return rows
}

async function download(page: Page, button: string): Promise<{ filename: string; rows: string[][] }> {
  const started = page.waitForEvent('download')
  await page.locator('taro-button-core', { hasText: button }).click()
  const file = await started
  return { filename: file.suggestedFilename(), rows: await readSheet(await file.path()) }
}

describeWithChromium('the official’s pages in Chromium', () => {
  const app = useDemoApp()

  it('an incident vetoes the village, and the exports say so with phones masked', async () => {
    const page = await (await app.newContext(DESKTOP)).newPage()
    await signIn(page, app.server.baseUrl, 'demo-official')
    const row = page.locator('.village-row', { hasText: DEMO_VILLAGE })
    await row.waitFor()
    expect(await page.locator('.township-certified').innerText()).toMatch(/达标村社区\s*\d+\/\d+/)

    // A desk-sized screen uses its width: the summary beside the table, not a 640 px column.
    expect(await page.evaluate(() => document.body.getBoundingClientRect().width)).toBeGreaterThan(960)
    const [side, table] = await Promise.all([page.locator('.official-side').boundingBox(), page.locator('.official-main').boundingBox()])
    expect(table!.x).toBeGreaterThanOrEqual(side!.x + side!.width)

    await row.click()
    await page.locator('text=各项指标').waitFor()
    expect(await page.locator('.indicator').count()).toBe(6)
    expect(await page.locator('.village-status').innerText()).not.toContain('一票否决')

    await page.locator('taro-button-core', { hasText: '记录涉诈案件' }).click()
    // The date picker opens on today; the fraud type picker on its first type.
    await page.locator('.case-date').click()
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await page.locator('.case-kind').first().click()
    await page.locator('.case-fraud-type').click()
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await page.locator('.case-loss input').fill('3000')
    await page.locator('taro-button-core', { hasText: '保存' }).click()
    await page.locator('.village-status', { hasText: '一票否决' }).waitFor()
    await page.locator('.village-veto', { hasText: '发生电信网络诈骗案件，一票否决' }).waitFor()

    const roster = await download(page, '导出住户名单')
    expect(roster.filename).toBe(`${DEMO_VILLAGE}住户名单.xlsx`)
    expect(roster.rows[1]).toEqual(expect.arrayContaining(['地址', '姓名', '手机号（已脱敏）']))
    expect(roster.rows.length).toBeGreaterThan(2)
    const phoneColumn = roster.rows[1].indexOf('手机号（已脱敏）')
    expect(roster.rows.slice(2).some((cells) => /\*/.test(cells[phoneColumn]))).toBe(true)
    expect(roster.rows.flat().join('\n')).not.toMatch(/(?<!\d)1\d{10}(?!\d)/)

    await page.goBack()
    await page.locator('.village-row', { hasText: DEMO_VILLAGE }).locator('text=一票否决').waitFor()
    const summary = await download(page, '导出村社区汇总')
    expect(summary.filename).toMatch(/村社区汇总\.xlsx$/)
    expect(summary.rows[0].join('')).toMatch(/评分规则|规则/)
    expect(summary.rows[1]).toEqual(['区划代码', '村社区', '得分', '状态', '反诈APP注册率', '入户宣传覆盖率'])
    const village = summary.rows.find((cells) => cells[1] === DEMO_VILLAGE)
    expect(village?.[3]).toBe('一票否决')
    await page.context().close()
  })
})
