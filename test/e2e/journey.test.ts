import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { formatPercent } from '../../src/core/coverage'
import { describeWithChromium, launchChromium } from './browser'
import { startServerProcess, type ServerProcess } from './serverProcess'

/**
 * Issue #2's journey on the production H5 build, in Debian's Chromium, against the real server
 * process in demo mode (fresh SQLite, Linfen demo data): demo-worker adds a household with two members
 * and marks one registered; demo-official then sees the village's registration rate change.
 */
const DEMO_VILLAGE = '大阳村委会'
const H5_INDEX = path.resolve(__dirname, '../../dist/h5/index.html')

const PHONE_VIEWPORT = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' }

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/login/index`)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill('wuzha-demo')
  await page.locator('taro-button-core', { hasText: '登录' }).click()
}

/** The registration rate shown on the official's township page for one village, e.g. "63.2%". */
async function villageRate(page: Page): Promise<string> {
  const row = page.locator('.village-row', { hasText: DEMO_VILLAGE })
  await row.waitFor()
  // The first value of a row is its 注册率.
  return (await row.locator('.village-row-value').first().innerText()).trim()
}

describeWithChromium('H5 journey in Chromium', () => {
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    if (!fs.existsSync(H5_INDEX)) throw new Error('dist/h5 is missing: run `npm run build:h5` first')
    server = await startServerProcess()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('a grid worker registers a household and the official sees the village rate change', async () => {
    const official = await (await browser.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(official, server.baseUrl, 'demo-official')
    const before = await villageRate(official)
    const countsBefore = await demoVillageCounts(server.baseUrl)

    const worker = await (await browser.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(worker, server.baseUrl, 'demo-worker')
    await worker.locator('text=已全部同步').first().waitFor()
    await worker.locator('taro-button-core', { hasText: '新增户' }).first().click()

    await worker.locator('input[name="group"]').fill('五组')
    await worker.locator('input[name="door"]').fill('88')

    await worker.locator('taro-button-core', { hasText: '添加成员' }).click()
    await fillMember(worker, { name: '测试户主', birthYear: '1975', head: true, status: '已注册' })
    await worker.locator('taro-button-core', { hasText: '添加成员' }).click()
    await fillMember(worker, { name: '测试配偶', birthYear: '1978', head: false, status: '未安装' })

    await worker.locator('taro-button-core.save-household').click()
    await worker.locator('text=已保存').first().waitFor()

    // Back on the home page nothing waits to be sent, and the list finds the new household.
    await worker.locator('text=已全部同步').first().waitFor()
    await worker.locator('taro-button-core', { hasText: '户列表' }).click()
    await worker.locator('input[placeholder="搜索户主姓名或地址"]').fill('测试户主')
    await worker.locator('text=五组 88号').first().waitFor()

    await official.reload()
    const after = await villageRate(official)
    const countsAfter = await demoVillageCounts(server.baseUrl)
    // Two eligible members (adults with smartphones, at home), one of them registered.
    expect(countsAfter).toEqual({ eligible: countsBefore.eligible + 2, registered: countsBefore.registered + 1 })
    expect(after).not.toBe(before)
    expect(after).toBe(formatPercent(countsAfter.registered / countsAfter.eligible))
  })
})

/** The demo village's eligible/registered counts, read from the API as the official. */
async function demoVillageCounts(baseUrl: string): Promise<{ eligible: number; registered: number }> {
  const login = await fetch(`${baseUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-official', password: 'wuzha-demo' })
  })
  const { token, user } = (await login.json()) as { token: string; user: { scope: { regionCode: string } } }
  const headers = { authorization: `Bearer ${token}` }
  const township = user.scope.regionCode
  const villages = (await (await fetch(`${baseUrl}/api/v1/regions/${township}`, { headers })).json()) as {
    children: Array<{ code: string; name: string }>
  }
  const village = villages.children.find((child) => child.name === DEMO_VILLAGE)!
  const households = (await (await fetch(`${baseUrl}/api/v1/households?village=${village.code}&limit=500`, { headers })).json()) as {
    items: Array<{ eligible: number; registered: number }>
  }
  return households.items.reduce(
    (sum, h) => ({ eligible: sum.eligible + h.eligible, registered: sum.registered + h.registered }),
    { eligible: 0, registered: 0 }
  )
}

async function fillMember(
  page: Page,
  member: { name: string; birthYear: string; head: boolean; status: string }
): Promise<void> {
  const form = page.locator('.member-form').last()
  await form.locator('input[name="name"]').fill(member.name)
  await form.locator('input[name="birthYear"]').fill(member.birthYear)
  if (member.head) await form.locator('.member-head').click()
  await form.locator('.member-smartphone').getByText('有', { exact: true }).click()
  await form.locator('.app-status-options').getByText(member.status, { exact: true }).click()
  await form.locator('taro-button-core.member-done').click()
}
