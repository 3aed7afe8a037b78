import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { importRegions } from '../server/src/regions/importRegions'
import type { HouseholdSummary, Page as ApiPage, User } from '../src/core/api'
import { decodeGrid, type CompactGrid } from '../src/core/compactGrid'
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../test/e2e/browser'
import { PHONE_VIEWPORT } from '../test/e2e/demoApp'
import { signedIn, startBenchServer } from './lib/server'
import { logGridChanges, TownshipData, type GeneratedCounts } from './lib/township'
import { fmtRatio, fmtSamples, log, markdownTable, samples, type BenchSection, type Samples, printSection } from './lib/stats'

/**
 * The H5 household list of a grid worker at 50 and at 5,000 households (issue #10 point 5), in
 * Chromium on the production build in dist/h5 (this never builds; run `npm run build:h5` first),
 * served with the API by the real app on loopback (SQLite). Both grids are the worker's own, so the
 * list reads the phone's copy (services/gridCache), as it does for every grid worker, stored in
 * Chromium's own localStorage with its 10 MiB quota; the section also gives the copy's size as each
 * platform counts it, in columns and as the records the version before them stored.
 *
 * For each size, in a fresh browser profile per run (the sizes alternate within a run):
 * - **first open**: from navigation to the first card and the count line (共 N 户, which the list
 *   shows only once the whole grid is on the phone): download of the grid over GET /sync/pull included;
 * - **open, grid on the phone**: the page loaded again from scratch (a new document) with the grid in
 *   storage: from navigation to the first card, and to interactive (the count line shown, and a task
 *   posted to the page's main thread has run, so a tap would be handled);
 * - **search**: a surname typed key by key into the search bar: how long the typing itself took (a
 *   busy main thread delays each key), and from the last key to the list showing what matched (the
 *   count checked against GET /households?q=); this includes the list's 300 ms search debounce.
 *
 *   npx tsx bench/householdList.ts           (LIST_BENCH_RUNS=5 by default)
 */

const H5_DIR = path.resolve(__dirname, '../dist/h5')
const CITY = '1410'
const VILLAGE = '141002103201'
/** Each grid's worker is this with the grid's size appended. */
const WORKER_ID = 'bench-list-worker'
const SIZES = [50, 5_000] as const
const RUNS = Number(process.env.LIST_BENCH_RUNS || 5)
/** A common surname of the generated names (server/src/demo/names): matches some households in either grid. */
const SEARCH = '王'
/**
 * A phone without the service worker: it would install (downloading the whole precache) in every
 * fresh profile while the list is being timed, on the same two cores. Every open loads the build
 * over loopback instead.
 */
const BENCH_CONTEXT = { ...PHONE_VIEWPORT, serviceWorkers: 'block' as const }
const GRID_IDS: Record<(typeof SIZES)[number], string> = {
  50: '5e0c7a10-1b2c-4d3e-8f40-000000000050',
  5000: '5e0c7a10-1b2c-4d3e-8f40-000000005000'
}

interface SizeFigures {
  households: number
  members: number
  stored: StoredSizes
  searchMatches: number
  firstOpen: Samples
  firstRows: Samples
  interactive: Samples
  typing: Samples
  searchResult: Samples
}

export interface HouseholdListFigures {
  runs: number
  sizes: SizeFigures[]
  builtAt: Date
}

/** How many households GET /households finds for `q` in the grid: what the list must end up showing. */
async function countByApi(baseUrl: string, authorization: string, gridId: string, q: string): Promise<number> {
  let count = 0
  let cursor: string | null = null
  do {
    const query = new URLSearchParams({ grid: gridId, q, limit: '100', ...(cursor ? { cursor } : {}) })
    const response = await fetch(`${baseUrl}/api/v1/households?${query}`, { headers: { authorization } })
    if (!response.ok) throw new Error(`GET /households answered ${response.status}`)
    const page = (await response.json()) as ApiPage<HouseholdSummary>
    count += page.items.length
    cursor = page.nextCursor
  } while (cursor)
  return count
}


/** Waits until the count line says 共 `count` 户 (polled every frame). */
async function waitForCount(page: Page, count: number): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => document.querySelector('.households-toolbar')?.textContent?.includes(expected) ?? false,
      `共 ${count} 户`,
      { polling: 'raf', timeout: 120_000 }
    )
  } catch (error) {
    const shown = await page.locator('.households-header').textContent().catch(() => null)
    throw new Error(`the list never said 共 ${count} 户; the header says: ${shown}`, { cause: error })
  }
}

/** Resolves once a task posted to the page's main thread has run: nothing long is blocking it. */
async function mainThreadFree(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
}

/** Browser storage as Playwright reads and seeds it (BrowserContext.storageState). */
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>

/**
 * A new browser context (a fresh profile: no HTTP cache) whose localStorage, Chromium's own with its
 * quota, holds `items` for the app's origin before any document loads.
 */
async function pageWith(browser: Browser, baseUrl: string, items: Array<{ name: string; value: string }>): Promise<{ page: Page; context: BrowserContext }> {
  const storageState: StorageState = { cookies: [], origins: [{ origin: baseUrl, localStorage: items }] }
  const context = await browser.newContext({ ...BENCH_CONTEXT, storageState })
  return { page: await context.newPage(), context }
}

/**
 * The grid's copy on the phone, in what each platform counts against its 10 MB: UTF-16 of the keys and
 * of Taro's H5 values (`{"data":<text>}`) in Chromium; UTF-8 of the keys and texts on wx. `asRecords`:
 * the same copy written as the version before the columns wrote it (the records as JSON, one key).
 */
interface StoredSizes {
  h5Bytes: number
  weappBytes: number
  asRecords: { h5Bytes: number; weappBytes: number }
}

function storedSizes(items: ReadonlyArray<{ name: string; value: string }>, gridId: string): StoredSizes {
  const entries = items.filter(({ name }) => name.includes(`grid.${gridId}`)).map(({ name, value }) => ({ name, value, text: (JSON.parse(value) as { data: string }).data }))
  const index = entries.find(({ name }) => name.endsWith(`grid.${gridId}`))!
  const shards = entries.filter((entry) => entry !== index).sort((a, b) => Number(a.name.split('.').pop()) - Number(b.name.split('.').pop()))
  const copy = JSON.parse(shards.length > 0 ? shards.map(({ text }) => text).join('') : index.text) as { cursor: string; pulledAt: string; grid: CompactGrid }
  const records = JSON.stringify({ cursor: copy.cursor, pulledAt: copy.pulledAt, grid: decodeGrid(copy.grid) })
  return {
    h5Bytes: entries.reduce((sum, { name, value }) => sum + 2 * (name.length + value.length), 0),
    weappBytes: entries.reduce((sum, { name, text }) => sum + Buffer.byteLength(name) + Buffer.byteLength(text), 0),
    asRecords: { h5Bytes: 2 * (index.name.length + JSON.stringify({ data: records }).length), weappBytes: Buffer.byteLength(index.name) + Buffer.byteLength(records) }
  }
}

interface RunResult {
  firstOpen: number
  firstRows: number
  interactive: number
  typing: number
  searchResult: number
  stored: StoredSizes
}

async function oneRun(browser: Browser, baseUrl: string, session: string, gridId: string, households: number, matches: number): Promise<RunResult> {
  const url = `${baseUrl}/#/pages/households/index?grid=${gridId}`
  // Signed in as the grid's worker.
  const first = await pageWith(browser, baseUrl, [{ name: 'wuzha.session', value: session }])
  let start = performance.now()
  let stored: Array<{ name: string; value: string }>
  let firstOpen: number
  try {
    await first.page.goto(url)
    await first.page.locator('.household-card').first().waitFor({ timeout: 120_000 })
    await waitForCount(first.page, households)
    firstOpen = performance.now() - start
    stored = (await first.context.storageState()).origins.find(({ origin }) => origin === baseUrl)?.localStorage ?? []
  } finally {
    await first.context.close()
  }

  // The app opened again (a new document) on a phone that has the grid.
  const again = await pageWith(browser, baseUrl, stored)
  try {
    const page = again.page
    start = performance.now()
    await page.goto(url)
    await page.locator('.household-card').first().waitFor({ timeout: 120_000 })
    const firstRows = performance.now() - start
    await waitForCount(page, households)
    await mainThreadFree(page)
    const interactive = performance.now() - start

    await page.locator('.households-search input').first().click()
    start = performance.now()
    await page.keyboard.type(SEARCH)
    // The key is typed when the search bar shows it: a main thread busy with the list would delay it.
    await page.waitForFunction(
      (typed) => document.querySelector<HTMLInputElement>('.households-search input')?.value === typed,
      SEARCH,
      { polling: 'raf' }
    )
    const afterTyping = performance.now()
    if (matches > 0) await waitForCount(page, matches)
    else await page.getByText('没有找到符合条件的户').waitFor({ timeout: 120_000 })
    await mainThreadFree(page)
    const searchResult = performance.now() - afterTyping
    return { firstOpen, firstRows, interactive, typing: afterTyping - start, searchResult, stored: storedSizes(stored, gridId) }
  } finally {
    await again.context.close()
  }
}

export async function measureHouseholdList(): Promise<HouseholdListFigures | null> {
  if (!fs.existsSync(path.join(H5_DIR, 'index.html')) || !chromiumAvailable()) return null
  const server = await startBenchServer('sqlite', { h5Dir: H5_DIR })
  let browser: Browser | null = null
  try {
    const db = server.database.db
    await importRegions(db, CITY)
    const grids = SIZES.map((households) => ({ id: GRID_IDS[households], villageCode: VILLAGE, households, worker: `${WORKER_ID}-${households}` }))
    const generated: GeneratedCounts[] = []
    for (const [index, grid] of grids.entries()) generated.push(await new TownshipData(server.database, grid.worker, 0x7a_0010 + index).write([grid]))
    for (const grid of grids) await logGridChanges(db, grid.id)
    const baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 })
    // A worker per grid: the app pulls all of a worker's grids in the background, which would time the other one too.
    const authorizations: string[] = []
    const sessions: string[] = []
    for (const grid of grids) {
      const { authorization } = await signedIn(server, { id: grid.worker, name: '张晓燕', role: 'grid_worker', scopeRegionCode: VILLAGE, gridIds: [grid.id] })
      const user = (await (await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization } })).json()) as User
      const token = authorization.replace(/^Bearer /, '')
      // The app's own storage format: Taro wraps each value in {data}.
      sessions.push(JSON.stringify({ data: JSON.stringify({ token, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), user }) }))
      authorizations.push(authorization)
    }
    const matches = await Promise.all(grids.map((grid, index) => countByApi(baseUrl, authorizations[index], grid.id, SEARCH)))

    browser = await launchChromium()
    const results: RunResult[][] = SIZES.map(() => [])
    // One run unmeasured first: Chromium's and the server's first-use costs are not the list's.
    for (let runIndex = -1; runIndex < RUNS; runIndex++) {
      for (let index = 0; index < SIZES.length; index++) {
        const result = await oneRun(browser, baseUrl, sessions[index], grids[index].id, SIZES[index], matches[index])
        if (runIndex >= 0) results[index].push(result)
      }
      log(`householdList: run ${runIndex + 1}/${RUNS} done`)
    }
    return {
      runs: RUNS,
      builtAt: fs.statSync(path.join(H5_DIR, 'index.html')).mtime,
      sizes: SIZES.map((households, index) => {
        const of = (key: Exclude<keyof RunResult, 'stored'>) => samples(results[index].map((result) => result[key]))
        return {
          households,
          members: generated[index].members,
          stored: results[index][0].stored,
          searchMatches: matches[index],
          firstOpen: of('firstOpen'),
          firstRows: of('firstRows'),
          interactive: of('interactive'),
          typing: of('typing'),
          searchResult: of('searchResult')
        }
      })
    }
  } finally {
    await browser?.close()
    await server.close()
  }
}

function fmtBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`
}

export function householdListMarkdown(figures: HouseholdListFigures | null): string {
  if (!figures) {
    return `Nothing measured: this needs the production H5 build in \`dist/h5\` (\`npm run build:h5\`) and Chromium at ${CHROMIUM_PATH}.`
  }
  const [small, big] = figures.sizes
  const ratio = (key: 'firstOpen' | 'firstRows' | 'interactive' | 'typing' | 'searchResult') => fmtRatio(big[key].median / small[key].median)
  const row = (label: string, key: 'firstOpen' | 'firstRows' | 'interactive' | 'typing' | 'searchResult') => [
    label,
    fmtSamples(small[key]),
    fmtSamples(big[key]),
    `**${ratio(key)}**`
  ]
  const sizeRow = (label: string, of: (stored: StoredSizes) => number) => [
    label,
    fmtBytes(of(small.stored)),
    fmtBytes(of(big.stored)),
    `**${((100 * of(big.stored)) / (10 * 2 ** 20)).toFixed(0)}%**`
  ]
  return [
    `A grid worker's household list (\`pages/households\`) in Chromium (headless, a 390×844 phone viewport), the build in`,
    `\`dist/h5\` dated ${figures.builtAt.toISOString()}, served with the API by the real app on loopback (SQLite). Two grids of`,
    `the worker's own: ${small.households} households (${small.members} members) and ${big.households.toLocaleString('en-US')} households`,
    `(${big.members.toLocaleString('en-US')} members), generated like the dashboard benchmark's. Chromium's own localStorage`,
    `throughout (10 MiB per origin); the phone's copy of each grid is stored in columns (core/compactGrid). Medians of ${figures.runs} runs (min–max), ms;`,
    'a fresh browser profile per open (the second one seeded with the first one\'s localStorage), with the service worker',
    'blocked (it would install during the timing; every open loads the build over loopback instead), the two sizes',
    'alternating; one unmeasured run first.',
    '',
    markdownTable(
      ['', `${small.households} households`, `${big.households.toLocaleString('en-US')} households`, `${big.households.toLocaleString('en-US')} / ${small.households}`],
      [
        row('first open: navigation → first card and 共 N 户 (the grid downloaded over /sync/pull)', 'firstOpen'),
        row('open with the grid on the phone: navigation → first card', 'firstRows'),
        row('open with the grid on the phone: navigation → interactive (共 N 户, main thread free)', 'interactive'),
        row(`typing “${SEARCH}”: the key → the search bar showing it`, 'typing'),
        row('last key → the matching households listed (300 ms debounce included)', 'searchResult')
      ]
    ),
    '',
    'The copy as each platform counts it against its 10 MB (keys, shards and index included): UTF-16 in Chromium (of',
    'Taro\'s H5 values, `{"data":<text>}`), UTF-8 on wx; “as records” is the same copy written as the version before the',
    'columns wrote it (computed from the stored copy in the same run).',
    '',
    markdownTable(
      ['stored copy', `${small.households} households`, `${big.households.toLocaleString('en-US')} households`, `${big.households.toLocaleString('en-US')}: share of 10 MiB`],
      [
        sizeRow('H5, in columns (UTF-16)', (stored) => stored.h5Bytes),
        sizeRow('H5, as records (before)', (stored) => stored.asRecords.h5Bytes),
        sizeRow('wx, in columns (UTF-8)', (stored) => stored.weappBytes),
        sizeRow('wx, as records (before)', (stored) => stored.asRecords.weappBytes)
      ]
    ),
    '',
    `The search finds ${small.searchMatches} and ${big.searchMatches.toLocaleString('en-US')} households (checked against GET /households?q=).`,
    'Target (issue #10 point 5): the 5,000-household list renders in at most 2× the time of the 50-household one,',
    'which is the “open with the grid on the phone” rows: the first open also downloads the whole grid, which grows',
    'with it by nature (once per phone, then only changes are pulled).'
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  log('householdList: Chromium on dist/h5, 50 and 5,000 households')
  const markdown = householdListMarkdown(await measureHouseholdList())
  return { title: 'H5 household list at 5,000 households', markdown, seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)
