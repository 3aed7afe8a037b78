import type { BrowserContext } from 'playwright-core'
import { formatPercent } from '../../src/core/coverage'
import { describeWithChromium } from './browser'
import { addMember, demoVillageCounts, PHONE_VIEWPORT, signIn, useDemoApp, villageRate, villageVisitCoverage } from './demoApp'

/**
 * Issue #3's offline promise on the production H5 build in Debian's Chromium against the real server
 * process (demo mode): without signal, demo-worker adds a household, finds it in the list (read from the
 * phone's copy of the grid), opens it and records a quick visit; the app says both wait, keeps them
 * across a reload, and sends them when signal returns; demo-official then sees them counted.
 *
 * "Offline" is Chromium's (context.setOffline), which also fires the browser's online/offline events
 * the app listens to. To reload the app while still "without signal", the API alone stays cut off
 * (requests aborted as a lost connection) while the page itself loads (from the service worker's precache;
 * serviceWorker.test.ts reloads with no signal at all).
 */
async function cutApi(context: BrowserContext): Promise<void> {
  await context.route('**/api/**', (route) => route.abort('internetdisconnected'))
}

describeWithChromium('offline in Chromium', () => {
  const app = useDemoApp()

  it('a household added and visited without signal waits, survives a reload, and is synced and counted when signal returns', async () => {
    const official = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(official, app.server.baseUrl, 'demo-official')
    const before = await villageRate(official)
    const countsBefore = await demoVillageCounts(app.server.baseUrl)

    const context = await app.newContext(PHONE_VIEWPORT)
    const worker = await context.newPage()
    await signIn(worker, app.server.baseUrl, 'demo-worker')
    await worker.locator('text=已全部同步').first().waitFor()

    // The worker looks at the grid's list and a household first: that pulls the grid onto the phone,
    // and loads those pages (pages of the H5 build load on first use, unlike the mini-program's main
    // package, which is on the phone).
    await worker.locator('taro-button-core', { hasText: '户列表' }).click()
    await worker.locator('.household-card').first().waitFor()
    await worker.locator('.household-card-address').first().click()
    await worker.locator('text=家庭成员').first().waitFor()
    await worker.goto(`${app.server.baseUrl}/#/pages/home/index`)
    await worker.locator('.home-stat-value').first().waitFor()
    const householdsBefore = Number(await worker.locator('.home-stat-value').first().innerText())

    // The worker opens the form and the signal goes.
    await worker.locator('taro-button-core', { hasText: '新增户' }).first().click()
    await worker.locator('input[name="group"]').waitFor()
    await cutApi(context)
    await context.setOffline(true)
    await worker.locator('input[name="group"]').fill('六组')
    await worker.locator('input[name="door"]').fill('66')
    await addMember(worker, { name: '离线户主', birthYear: '1970', head: true, status: '已注册' })
    await worker.locator('taro-button-core.save-household').click()
    await worker.locator('text=已保存，待同步').first().waitFor()

    // Home: household, member and app status wait to be sent; the household is counted already.
    await worker.locator('text=1 户 · 3 条待同步').first().waitFor()
    await worker.waitForFunction((n) => document.querySelector('.home-stat-value')?.textContent?.trim() === String(n), householdsBefore + 1)

    // Still without signal, the household is in the list (the phone's copy of the grid with the waiting
    // changes on top, a small 离线 hint), found by its member's name, and its page opens; a quick visit
    // is recorded there.
    await worker.locator('taro-button-core', { hasText: '户列表' }).click()
    await worker.locator('.households-offline', { hasText: '离线' }).first().waitFor()
    await worker.locator('.households-search input').first().fill('离线户主')
    await worker.locator('.household-card', { hasText: '六组 66号' }).first().waitFor()
    await worker.locator('.household-card', { hasText: '六组 66号' }).first().locator('.household-card-address').click()
    await worker.locator('text=离线户主').first().waitFor()
    await worker.locator('taro-button-core.household-record-visit').click()
    await worker.locator('taro-button-core.quick-visit-save').click()
    await worker.locator('text=已记录，待同步').first().waitFor()
    await worker.locator('.visit-history, .section', { hasText: '讲解典型案例' }).first().waitFor()

    // The app is reloaded (the API still out of reach): the changes are still there, from storage, and
    // the household is still listed and opens.
    await context.setOffline(false)
    await worker.reload()
    await worker.locator('text=离线户主').first().waitFor()
    await worker.locator('text=讲解典型案例').first().waitFor()
    await worker.goto(`${app.server.baseUrl}/#/pages/households/index`)
    // Nothing left to do there, so it is far down the list: searched by the member's name, on the phone.
    await worker.locator('.households-search input').first().fill('离线户主')
    await worker.locator('.household-card', { hasText: '六组 66号' }).first().waitFor()
    expect(await worker.locator('.household-card').count()).toBe(1)
    await worker.goto(`${app.server.baseUrl}/#/pages/home/index`)
    await worker.locator('text=1 户 · 4 条待同步').first().waitFor()
    await worker.locator('.outbox').click()
    await worker.locator('text=待同步（4）').first().waitFor()
    await worker.locator('text=保存户：六组 66号').first().waitFor()

    // Signal returns: the app hears it and sends.
    await context.setOffline(true)
    await context.unrouteAll()
    await context.setOffline(false)
    await worker.locator('text=待同步（0）').first().waitFor({ timeout: 30_000 })
    await worker.locator('text=在线').first().waitFor()
    expect(await worker.locator('.sync-last').innerText()).toContain('今天')
    await worker.goto(`${app.server.baseUrl}/#/pages/home/index`)
    await worker.locator('text=已全部同步').first().waitFor()

    // Sent and pulled back, after a reload too, the card and the household page show the visit.
    await worker.goto(`${app.server.baseUrl}/#/pages/households/index`)
    await worker.reload()
    await worker.locator('.households-search input').first().fill('离线户主')
    const card = worker.locator('.household-card', { hasText: '六组 66号' }).first()
    await card.locator('text=最近走访').waitFor()
    expect(await card.innerText()).not.toContain('尚未走访')
    await card.locator('.household-card-address').click()
    await worker.locator('text=离线户主').first().waitFor()
    // (The list stays in the page, hidden: only what is visible is the household page.)
    await worker.locator('text=最近走访').filter({ visible: true }).first().waitFor()
    expect(await worker.locator('text=尚未走访').filter({ visible: true }).count()).toBe(0)

    await official.reload()
    const countsAfter = await demoVillageCounts(app.server.baseUrl)
    expect(countsAfter).toEqual({
      households: countsBefore.households + 1,
      eligible: countsBefore.eligible + 1,
      registered: countsBefore.registered + 1,
      visited: countsBefore.visited + 1
    })
    const after = await villageRate(official)
    expect(after).toBe(formatPercent(countsAfter.registered / countsAfter.eligible))
    expect(after).not.toBe(before)
    // The visit recorded without signal counts for visit coverage (a new household, visited in person).
    expect(await villageVisitCoverage(official)).toBe(formatPercent(countsAfter.visited / countsAfter.households))
  })
})
