import ExcelJS from 'exceljs'
import fs from 'node:fs/promises'
import { describeWithChromium } from './browser'
import { demoVillageCounts, PHONE_VIEWPORT, signIn, useDemoApp } from './demoApp'

/**
 * The roster import on the H5 build in Chromium: the template downloads through the browser, is filled in
 * the way a village clerk would (the example row replaced, rows added, one with a mistyped phone), is
 * chosen through the page's file input, checked (the bad row named by row and column) and imported; the
 * new household is in the worker's list and counted for the village.
 */
type Header = '组/小区' | '门牌号' | '姓名' | '与户主关系' | '出生年份' | '手机号' | '有无智能手机' | '反诈APP状态' | '备注'
type Row = Partial<Record<Header, string | number>>

const ROWS: Row[] = [
  { '组/小区': '九组', 门牌号: '99', 姓名: '导入户主', 与户主关系: '户主', 出生年份: 1970, 有无智能手机: '有', 反诈APP状态: '已注册' },
  { '组/小区': '九组', 门牌号: '99', 姓名: '导入配偶', 与户主关系: '配偶', 出生年份: 1975, 有无智能手机: '有', 反诈APP状态: '未安装' },
  { '组/小区': '九组', 门牌号: '100', 姓名: '手机号填错', 与户主关系: '户主', 出生年份: 1980, 手机号: '12345', 有无智能手机: '有' }
]

/** Writes the rows over the template's example row, by header, leaving every other column empty. */
async function fillTemplate(templatePath: string, outputPath: string): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(templatePath)
  const sheet = workbook.getWorksheet('住户名单')!
  const columnOf = new Map<string, number>()
  sheet.getRow(1).eachCell((cell, column) => columnOf.set(cell.text, column))
  ROWS.forEach((values, index) => {
    const row = sheet.getRow(2 + index)
    for (const [header, column] of columnOf) row.getCell(column).value = values[header as keyof Row] ?? null
    row.commit()
  })
  await workbook.xlsx.writeFile(outputPath)
}

describeWithChromium('roster import in Chromium', () => {
  const app = useDemoApp()

  it('downloads the template, checks the filled roster row by row and imports it into the grid', async () => {
    const before = await demoVillageCounts(app.server.baseUrl)
    const context = await app.newContext({ ...PHONE_VIEWPORT, acceptDownloads: true })
    const worker = await context.newPage()
    await signIn(worker, app.server.baseUrl, 'demo-worker')
    await worker.locator('taro-button-core', { hasText: '导入名单' }).click()

    const [download] = await Promise.all([worker.waitForEvent('download'), worker.locator('taro-button-core', { hasText: '下载模板' }).click()])
    expect(download.suggestedFilename()).toBe('住户名单模板.xlsx')
    const templatePath = await download.path()
    const rosterPath = `${templatePath}-filled.xlsx`
    await fillTemplate(templatePath, rosterPath)

    await worker.locator('input[type="file"]').setInputFiles(rosterPath)
    await worker.locator('.import-file-name', { hasText: '-filled.xlsx' }).waitFor()
    await worker.locator('taro-button-core', { hasText: '检查' }).click()
    await worker.locator('.import-report').waitFor()
    const counts = await worker.locator('.import-count-value').allInnerTexts()
    expect(counts).toEqual(['1', '2', '0', '1'])
    expect(await worker.locator('.import-problem-error').allInnerTexts()).toEqual([expect.stringMatching(/^第4行 手机号：手机号/)])
    // A dry run writes nothing.
    expect(await demoVillageCounts(app.server.baseUrl)).toEqual(before)

    await worker.locator('taro-button-core', { hasText: '确认导入' }).click()
    await worker.locator('.import-done', { hasText: '已导入 2 人（1 户）' }).waitFor()
    await worker.locator('taro-button-core', { hasText: '返回户列表' }).click()
    await worker.locator('.households-search input').first().fill('导入户主')
    await worker.locator('.household-card', { hasText: '九组 99号' }).first().waitFor()

    const after = await demoVillageCounts(app.server.baseUrl)
    expect(after).toEqual({ ...before, households: before.households + 1, eligible: before.eligible + 2, registered: before.registered + 1 })
    await fs.rm(rosterPath, { force: true })
  })
})
