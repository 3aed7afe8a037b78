import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { startServerProcess, type ServerProcess } from './serverProcess'

/** What the Chromium tests share: the demo data's names, a phone-sized context, signing in, reading the official's page. */
export const DEMO_VILLAGE = '大阳村委会'
export const H5_INDEX = path.resolve(__dirname, '../../dist/h5/index.html')
export const PHONE_VIEWPORT = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' }

export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/login/index`)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill('wuzha-demo')
  await page.locator('taro-button-core', { hasText: '登录' }).click()
}

/** On the household form: 添加成员, the member's fields (an adult with a smartphone), 完成. */
export async function addMember(page: Page, member: { name: string; birthYear: string; head: boolean; status: string }): Promise<void> {
  await page.locator('taro-button-core', { hasText: '添加成员' }).click()
  const form = page.locator('.member-form').last()
  await form.locator('input[name="name"]').fill(member.name)
  await form.locator('input[name="birthYear"]').fill(member.birthYear)
  if (member.head) await form.locator('.member-head').click()
  await form.locator('.member-smartphone').getByText('有', { exact: true }).click()
  await form.locator('.app-status-options').getByText(member.status, { exact: true }).click()
  await form.locator('taro-button-core.member-done').click()
}

export interface DemoInvite {
  token: string
  /** The first member whose phone is on file: the form asks the resident for its last four digits. */
  memberWithPhone: string
}

/** demo-worker's API headers and the first 50 households of its first grid, through the real API. */
async function demoWorkerHouseholds(baseUrl: string): Promise<{ headers: Record<string, string>; list: { items: Array<{ id: string }> } }> {
  const login = await fetch(`${baseUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-worker', password: 'wuzha-demo' })
  })
  const { token, user } = (await login.json()) as { token: string; user: { scope: { gridIds: string[] } } }
  const headers = { authorization: `Bearer ${token}` }
  const list = (await (await fetch(`${baseUrl}/api/v1/households?grid=${user.scope.gridIds[0]}&limit=50`, { headers })).json()) as {
    items: Array<{ id: string }>
  }
  return { headers, list }
}

/**
 * A real household invitation made by demo-worker through the API, for a household where a member's
 * phone is on file (so the resident's form shows every field).
 */
export async function createDemoInvite(baseUrl: string): Promise<DemoInvite> {
  const { headers, list } = await demoWorkerHouseholds(baseUrl)
  for (const household of list.items) {
    const made = (await (await fetch(`${baseUrl}/api/v1/households/${household.id}/invites`, { method: 'POST', headers })).json()) as { token: string }
    const invite = (await (await fetch(`${baseUrl}/api/v1/invites/${made.token}`)).json()) as {
      members: Array<{ nameMasked: string; needsPhoneLast4?: boolean }>
    }
    const withPhone = invite.members.find((member) => member.needsPhoneLast4)
    if (withPhone) return { token: made.token, memberWithPhone: withPhone.nameMasked }
  }
  throw new Error('no demo household of demo-worker has a member with a phone on file')
}

export interface CertifiableMember {
  householdId: string
  name: string
  /** Its last four digits when a phone is on file (the resident's form then asks for them), else null. */
  phoneLast4: string | null
}

/**
 * A member of demo-worker's first grid whom a resident can certify and whose certification moves the
 * village's rate: counted (16 or older, a smartphone, at home), not registered yet, and no
 * certification of the household waiting (so the review page shows this one card for the member).
 */
export async function certifiableDemoMember(baseUrl: string): Promise<CertifiableMember> {
  const { headers, list } = await demoWorkerHouseholds(baseUrl)
  const year = new Date().getFullYear()
  for (const { id } of list.items) {
    const household = (await (await fetch(`${baseUrl}/api/v1/households/${id}`, { headers })).json()) as {
      members: Array<{ name: string; birthYear: number | null; smartphone: string; away: unknown; phoneMasked: string | null; app: { status: string } | null }>
      certifications: Array<{ state: string }>
    }
    if (household.certifications.some((certification) => certification.state === 'pending')) continue
    const member = household.members.find(
      (candidate) => candidate.birthYear !== null && year - candidate.birthYear >= 20 && candidate.smartphone === 'yes' && !candidate.away && candidate.app?.status !== 'registered'
    )
    if (member) return { householdId: id, name: member.name, phoneLast4: member.phoneMasked ? member.phoneMasked.slice(-4) : null }
  }
  throw new Error('no member of demo-worker’s grid is counted and not yet registered')
}

/** A figure of the demo village's row on the official's township page: 0 注册率, 1 走访覆盖, 2 得分. */
async function villageFigure(page: Page, index: number): Promise<string> {
  const row = page.locator('.village-row', { hasText: DEMO_VILLAGE })
  await row.waitFor()
  return (await row.locator('.village-row-value').nth(index).innerText()).trim()
}

export const villageRate = (page: Page) => villageFigure(page, 0)
export const villageVisitCoverage = (page: Page) => villageFigure(page, 1)

export interface VillageCounts {
  households: number
  eligible: number
  registered: number
  /** Households visited this period, from the dashboard's visit coverage of the village. */
  visited: number
}

/** The demo village's counts, read from the API as demo-official. */
export async function demoVillageCounts(baseUrl: string): Promise<VillageCounts> {
  const login = await fetch(`${baseUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-official', password: 'wuzha-demo' })
  })
  const { token, user } = (await login.json()) as { token: string; user: { scope: { regionCode: string } } }
  const headers = { authorization: `Bearer ${token}` }
  const township = (await (await fetch(`${baseUrl}/api/v1/regions/${user.scope.regionCode}`, { headers })).json()) as {
    children: Array<{ code: string; name: string }>
  }
  const village = township.children.find((child) => child.name === DEMO_VILLAGE)!
  const page = (await (await fetch(`${baseUrl}/api/v1/households?village=${village.code}&limit=500`, { headers })).json()) as {
    items: Array<{ eligible: number; registered: number }>
  }
  const dashboard = (await (await fetch(`${baseUrl}/api/v1/dashboard/${user.scope.regionCode}`, { headers })).json()) as {
    villages: Array<{ code: string; visitCoverage: number }>
  }
  const visitCoverage = dashboard.villages.find((row) => row.code === village.code)!.visitCoverage
  const counts = page.items.reduce<Omit<VillageCounts, 'visited'>>(
    (sum, h) => ({ households: sum.households + 1, eligible: sum.eligible + h.eligible, registered: sum.registered + h.registered }),
    { households: 0, eligible: 0, registered: 0 }
  )
  return { ...counts, visited: Math.round(visitCoverage * counts.households) }
}

export interface DemoApp {
  server: ServerProcess
  browser: Browser
  /** A browser context that records every Content-Security-Policy violation of its pages. */
  newContext(options: BrowserContextOptions): Promise<BrowserContext>
  /** What Chromium refused under the server's Content-Security-Policy, across every context. */
  cspViolations: string[]
}

/**
 * Registers the suite's setup: the real server process in demo mode on a fresh data dir, and Chromium.
 * The returned object is filled in before the suite's tests run.
 */
export function useDemoApp(): DemoApp {
  const app = {
    cspViolations: [],
    async newContext(options: BrowserContextOptions) {
      const context = await app.browser.newContext(options)
      // Chromium reports a refused script, style, image or request on the console.
      context.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) app.cspViolations.push(message.text())
      })
      return context
    }
  } as unknown as DemoApp
  beforeAll(async () => {
    if (!fs.existsSync(H5_INDEX)) throw new Error('dist/h5 is missing: run `npm run build:h5` first')
    app.server = await startServerProcess({ WUZHA_DEMO: '1' })
    app.browser = await launchChromium()
  })
  afterAll(async () => {
    await app.browser?.close()
    await app.server?.stop()
  })
  return app
}
