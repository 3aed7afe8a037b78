import type { Page } from 'playwright-core'
import { formatPercent, rate } from '../../src/core/coverage'
import { describeWithChromium } from './browser'
import { PHONE_VIEWPORT, signIn, useDemoApp } from './demoApp'

/**
 * Honest loading on a slow network (DESIGN.md §7): with every /api/ request held back 3 s, the app
 * never shows a count that is not the whole answer — the grid worker's first pull of a grid takes
 * several pages, and a count of the first page (共 65 户 turning into 76) is wrong — and says 加载中…
 * while it waits. The screens are sampled every 100 ms from a fresh phone (nothing pulled yet) until
 * the right count shows.
 */

const DELAY_MS = 3000

async function asUser(baseUrl: string, username: string): Promise<{ token: string; user: { scope: { gridIds?: string[]; regionCode: string } } }> {
  const response = await fetch(`${baseUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'wuzha-demo' })
  })
  return (await response.json()) as { token: string; user: { scope: { gridIds?: string[]; regionCode: string } } }
}

/** The worker's grid as the server counts it: households, and registered / eligible members. */
async function workerGridCounts(baseUrl: string) {
  const { token, user } = await asUser(baseUrl, 'demo-worker')
  const items: Array<{ eligible: number; registered: number }> = []
  let cursor: string | null = null
  do {
    const query: string = `grid=${user.scope.gridIds![0]}&limit=100${cursor ? `&cursor=${cursor}` : ''}`
    const page = (await (await fetch(`${baseUrl}/api/v1/households?${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: typeof items
      nextCursor: string | null
    }
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return {
    households: items.length,
    registered: items.reduce((sum, h) => sum + h.registered, 0),
    eligible: items.reduce((sum, h) => sum + h.eligible, 0)
  }
}

interface Sample {
  text: string
  /** The home screen's and the township page's figures on screen. */
  figures: string[]
}

/** What the screen says every 100 ms until `done` holds, for at most 60 s. */
async function sampleUntil(page: Page, done: (sample: Sample) => boolean): Promise<Sample[]> {
  const samples: Sample[] = []
  const deadline = Date.now() + 60_000
  for (;;) {
    const sample = await page.evaluate(() => ({
      text: document.body.innerText,
      figures: Array.from(document.querySelectorAll('.home-stat-value, .township-total-value')).map((element) => (element as HTMLElement).innerText.trim())
    }))
    samples.push(sample)
    if (done(sample)) return samples
    if (Date.now() > deadline) throw new Error(`not done within 60 s; last screen:\n${sample.text}`)
    await page.waitForTimeout(100)
  }
}

describeWithChromium('honest loading on a slow network (Chromium)', () => {
  const app = useDemoApp()

  async function slowPhone(): Promise<Page> {
    const context = await app.newContext(PHONE_VIEWPORT)
    await context.route('**/api/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS))
      await route.continue()
    })
    return context.newPage()
  }

  it('the home screen shows its figures only once the whole grid is on the phone, and 加载中… until then', async () => {
    const expected = await workerGridCounts(app.server.baseUrl)
    const page = await slowPhone()
    await signIn(page, app.server.baseUrl, 'demo-worker')
    await page.waitForURL((url) => url.hash.includes('pages/home/index'), { timeout: 30_000 })

    const want = [String(expected.households), `${expected.registered} / ${expected.eligible}`, formatPercent(rate(expected.registered, expected.eligible))]
    const samples = await sampleUntil(page, (sample) => sample.figures.length > 0)

    expect(samples.some((sample) => sample.text.includes('加载中'))).toBe(true)
    // Whenever figures were on screen they were the whole grid's, never a part of it.
    for (const sample of samples.filter((each) => each.figures.length > 0)) expect(sample.figures).toEqual(want)
    await page.context().close()
  })

  it('the household list says 加载中… and no 共 N 户 until every page of the grid has arrived, then the right count', async () => {
    const expected = await workerGridCounts(app.server.baseUrl)
    const page = await slowPhone()
    await signIn(page, app.server.baseUrl, 'demo-worker')
    await page.waitForURL((url) => url.hash.includes('pages/home/index'), { timeout: 30_000 })
    await page.locator('taro-button-core', { hasText: '户列表' }).click()

    const samples = await sampleUntil(page, (sample) => /共 \d+ 户/.test(sample.text))
    const counts = samples.flatMap((sample) => [...sample.text.matchAll(/(\d+) 户/g)].map((match) => Number(match[1])))
    expect(samples.some((sample) => sample.text.includes('加载中'))).toBe(true)
    expect(new Set(counts)).toEqual(new Set([expected.households]))
    await page.context().close()
  })

  it('the township page shows its figures only with the whole dashboard, and 加载中… until then', async () => {
    const { token, user } = await asUser(app.server.baseUrl, 'demo-official')
    const dashboard = (await (
      await fetch(`${app.server.baseUrl}/api/v1/dashboard/${user.scope.regionCode}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { totals: { households: number } }
    const page = await slowPhone()
    await signIn(page, app.server.baseUrl, 'demo-official')

    const samples = await sampleUntil(page, (sample) => sample.figures.length > 0)
    expect(samples.some((sample) => sample.text.includes('加载中'))).toBe(true)
    for (const sample of samples.filter((each) => each.figures.length > 0)) expect(sample.figures[0]).toBe(String(dashboard.totals.households))
    await page.context().close()
  })
})
