import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Page } from 'playwright-core'
import { describeWithChromium } from './browser'
import { addMember, H5_INDEX, PHONE_VIEWPORT, signIn, useDemoApp } from './demoApp'

/**
 * The H5 build with no signal at all (issue #7): once demo-worker has signed in online, the service
 * worker has precached the whole build, so a cold reload without signal brings the app back with the
 * phone's copy of the grid, and pages never opened online (新增户, the household list and page, the
 * sync page) open and work; what was saved is sent when signal returns. Unlike offline.test.ts, nothing
 * here is served by the server while "offline": Chromium's offline mode cuts the page and its
 * service worker alike.
 */

/** The home screen's three figures (户数, 已注册 / 应注册, 注册率), once the grid is on the phone. */
async function homeFigures(page: Page): Promise<string[]> {
  await page.locator('.home-stat-value').first().waitFor()
  return page.locator('.home-stat-value').allInnerTexts()
}

/** Every URL in Cache Storage, whichever cache holds it. */
async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname)
    }
    return urls
  })
}

/**
 * The files of the H5 build a browser may fetch: all but the service worker itself, webpack's licence
 * notes and the .br/.gz twins (the same files, compressed for the wire).
 */
function builtFiles(): string[] {
  const root = path.dirname(H5_INDEX)
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
  return walk(root)
    .map((file) => `/${path.relative(root, file).split(path.sep).join('/')}`)
    .filter((url) => url !== '/sw.js' && !url.endsWith('.LICENSE.txt') && !url.endsWith('.map') && !/\.(br|gz)$/.test(url))
    .sort()
}

describeWithChromium('the H5 build without signal (service worker)', () => {
  const app = useDemoApp()

  it('sends the build’s scripts and styles compressed as the browser accepts them, the same bytes once decoded', async () => {
    const page = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    const loaded: Array<{ pathname: string; accepted: Promise<string>; encoding: string; body: Promise<Buffer> }> = []
    page.on('response', (response) => {
      const { pathname } = new URL(response.url())
      if (!/\.(js|css)$/.test(pathname)) return
      // allHeaders: what went on the wire (headers() leaves out those the network stack adds).
      const accepted = response.request().allHeaders().then((headers) => headers['accept-encoding'] ?? '')
      loaded.push({ pathname, accepted, encoding: response.headers()['content-encoding'] ?? 'identity', body: response.body() })
    })
    await page.goto(app.server.baseUrl, { waitUntil: 'networkidle' })
    const root = path.dirname(H5_INDEX)
    expect(loaded.length).toBeGreaterThan(0)
    for (const { pathname, accepted, encoding, body } of loaded) {
      const file = path.join(root, pathname)
      // Files too small to gain from compression have no twin and go as they are.
      const expected = !fs.existsSync(`${file}.br`) ? 'identity' : (await accepted).includes('br') ? 'br' : 'gzip'
      expect([pathname, encoding]).toEqual([pathname, expected])
      expect((await body).equals(fs.readFileSync(file))).toBe(true)
    }
    expect(loaded.some(({ encoding }) => encoding !== 'identity')).toBe(true)
  })

  it('after one online sign-in, a cold reload without signal brings the app back and pages never opened work', async () => {
    const context = await app.newContext(PHONE_VIEWPORT)
    const worker = await context.newPage()
    await signIn(worker, app.server.baseUrl, 'demo-worker')
    await worker.locator('text=已全部同步').first().waitFor()
    const figures = await homeFigures(worker)

    // The service worker controls the page only once it is active, that is once it has precached every
    // file; its scope is the whole app.
    await worker.waitForFunction(() => navigator.serviceWorker.controller !== null)
    expect(await worker.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${app.server.baseUrl}/`)
    const precached = await cachedUrls(worker)
    expect([...new Set(precached)].sort()).toEqual(builtFiles())

    // No signal, and a cold reload: the app, its figures and the grid come from the phone.
    await context.setOffline(true)
    await worker.reload()
    expect(await homeFigures(worker)).toEqual(figures)
    expect(await worker.locator('text=离线：连上网络后下载').count()).toBe(0)
    // Any other address of the app falls back to the precached index.html; the API's never does (its
    // answers are not the app's to stand in for).
    await worker.goto(`${app.server.baseUrl}/?from=share#/pages/home/index`)
    expect(await homeFigures(worker)).toEqual(figures)
    const apiPage = await context.newPage()
    await expect(apiPage.goto(`${app.server.baseUrl}/api/health`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/)
    await apiPage.close()

    // 新增户, never opened before: a household is saved and waits.
    await worker.locator('taro-button-core', { hasText: '新增户' }).first().click()
    await worker.locator('input[name="group"]').fill('七组')
    await worker.locator('input[name="door"]').fill('77')
    await addMember(worker, { name: '无网户主', birthYear: '1968', head: true, status: '已注册' })
    await worker.locator('taro-button-core.save-household').click()
    await worker.locator('text=已保存，待同步').first().waitFor()
    await worker.locator('text=1 户 · 3 条待同步').first().waitFor()
    await worker.waitForFunction((n) => document.querySelector('.home-stat-value')?.textContent?.trim() === String(n), Number(figures[0]) + 1)

    // The household list and a household page, never opened before, read the phone's copy.
    await worker.locator('taro-button-core', { hasText: '户列表' }).click()
    await worker.locator('.households-offline', { hasText: '离线' }).first().waitFor()
    await worker.locator('.households-search input').first().fill('无网户主')
    const card = worker.locator('.household-card', { hasText: '七组 77号' }).first()
    await card.locator('.household-card-address').click()
    await worker.locator('text=家庭成员').filter({ visible: true }).first().waitFor()
    await worker.locator('text=无网户主').filter({ visible: true }).first().waitFor()

    // The sync page, never opened before, lists what waits.
    await worker.goto(`${app.server.baseUrl}/#/pages/home/index`)
    await worker.locator('.outbox').click()
    await worker.locator('text=待同步（3）').first().waitFor()
    await worker.locator('text=保存户：七组 77号').first().waitFor()

    // Signal returns: the app sends what waits.
    await context.setOffline(false)
    await worker.locator('text=待同步（0）').first().waitFor({ timeout: 30_000 })
    await worker.locator('text=在线').first().waitFor()

    // API answers carry personal data: the service worker kept none of them.
    expect((await cachedUrls(worker)).filter((url) => url.startsWith('/api/'))).toEqual([])
    expect(app.cspViolations).toEqual([])
  })

  it('a new deployment takes over an open app at once', async () => {
    const page = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await page.goto(`${app.server.baseUrl}/#/pages/login/index`)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    const swPath = path.join(path.dirname(H5_INDEX), 'sw.js')
    const twins = { [`${swPath}.br`]: zlib.brotliCompressSync, [`${swPath}.gz`]: zlib.gzipSync }
    const deployed = new Map([swPath, ...Object.keys(twins)].map((file) => [file, fs.readFileSync(file)]))
    try {
      // The next deployment: a service worker script that differs by a byte, with its compressed twins
      // as the build writes them (the server reads them anew).
      const next = Buffer.concat([deployed.get(swPath)!, Buffer.from('\n// the next deployment\n')])
      fs.writeFileSync(swPath, next)
      for (const [file, compress] of Object.entries(twins)) fs.writeFileSync(file, compress(next))
      const outcome = await page.evaluate(async () => {
        const tookOver = new Promise<string>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve('took over'), { once: true }))
        const registration = await navigator.serviceWorker.ready
        await registration.update()
        const waited = new Promise<string>((resolve) => setTimeout(() => resolve(registration.waiting ? 'waiting' : 'nothing happened'), 20_000))
        return Promise.race([tookOver, waited])
      })
      expect(outcome).toBe('took over')
    } finally {
      for (const [file, bytes] of deployed) fs.writeFileSync(file, bytes)
    }
  })

  it('serves the service worker script for revalidation on every update check, under the app’s CSP', async () => {
    const response = await fetch(`${app.server.baseUrl}/sw.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(response.headers.get('content-type')).toMatch(/^(application|text)\/javascript/)
    expect(response.headers.get('content-security-policy')).toContain("worker-src 'self'")
    // The rest of the build keeps its ordinary caching (hashed names), and index.html is revalidated.
    const index = await fetch(`${app.server.baseUrl}/index.html`)
    expect(index.headers.get('cache-control')).toBe('public, max-age=0')
  })
})
