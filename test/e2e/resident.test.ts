import path from 'node:path'
import type { Page, Request } from 'playwright-core'
import { formatPercent } from '../../src/core/coverage'
import { maskName } from '../../src/core/names'
import { describeWithChromium } from './browser'
import { certifiableDemoMember, createDemoInvite, demoVillageCounts, PHONE_VIEWPORT, signIn, useDemoApp, villageRate } from './demoApp'

/** A real JPEG (16×16) from the server tests' fixtures: what a resident's phone would pick. */
const SCREENSHOT = path.resolve(__dirname, '../server/fixtures-images/clean.jpg')

/** The API calls a page makes, as `METHOD /path`. */
function apiCallsOf(page: Page): string[] {
  const sent: string[] = []
  page.on('request', (request: Request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/')) sent.push(`${request.method()} ${url.pathname}`)
  })
  return sent
}

/**
 * The resident flow on the production H5 build in Chromium against the demo server. A browser has no
 * WeChat identity: the invitation it opened signs it in (POST /auth/invitation, our addition to API.md).
 */
describeWithChromium('the resident invitation page in Chromium', () => {
  const app = useDemoApp()

  it('asks for consent first and sends nothing after 不同意, nor on agreeing until the resident submits', async () => {
    const { token, memberWithPhone } = await createDemoInvite(app.server.baseUrl)
    const page = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    const sent = apiCallsOf(page)
    await page.goto(`${app.server.baseUrl}/#/packages/resident/pages/invite/index?token=${token}`)

    await page.locator('.consent').waitFor()
    expect(await page.locator('.invite').innerText()).toContain('大阳村委会')
    expect(await page.locator('.invite').innerText()).not.toContain(memberWithPhone)
    await page.locator('taro-button-core', { hasText: '不同意' }).click()
    await page.locator('text=不会收集或发送您的任何信息').waitFor()
    await page.locator('.knowledge-link').waitFor()
    expect(sent).toEqual([`GET /api/v1/invites/${token}`])

    await page.locator('taro-button-core', { hasText: '重新阅读并同意' }).click()
    await page.locator('taro-button-core', { hasText: '同意并继续' }).click()
    await page.locator('.member-choice', { hasText: memberWithPhone }).waitFor()
    expect(await page.locator('text=请在微信中扫码').count()).toBe(0)
    expect(sent).toEqual([`GET /api/v1/invites/${token}`])
  })

  it('the worker shows an invitation, the resident certifies with a screenshot, the worker accepts, and the official sees the rate move', async () => {
    const baseUrl = app.server.baseUrl
    const member = await certifiableDemoMember(baseUrl)

    // The official's page before anything happens.
    const official = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(official, baseUrl, 'demo-official')
    const rateBefore = await villageRate(official)
    const countsBefore = await demoVillageCounts(baseUrl)

    // The worker's phone: the household page makes an invitation and shows its QR code and link.
    const worker = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(worker, baseUrl, 'demo-worker')
    await worker.locator('taro-button-core', { hasText: '户列表' }).waitFor()
    await worker.goto(`${baseUrl}/#/pages/household/index?id=${member.householdId}`)
    await worker.locator('taro-button-core.invite-create').click()
    await worker.locator('.invite-qr img').waitFor()
    const link = await worker.locator('.invite-link').getAttribute('data-link')
    expect(link).toMatch(new RegExp(`^${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/#/packages/resident/pages/invite/index\\?token=[A-Za-z0-9_-]{32}$`))
    expect(await worker.locator('.invite-link').innerText()).toBe(link)

    // The resident's phone: a fresh browser that opens the link.
    const resident = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    const sent = apiCallsOf(resident)
    await resident.goto(link!)
    await resident.locator('taro-button-core', { hasText: '同意并继续' }).click()
    await resident.locator('.member-choice', { hasText: maskName(member.name) }).click()
    await resident.locator('.status-choice', { hasText: '已注册' }).click()
    await resident.locator('.alerts-choice', { hasText: '已开启' }).click()
    if (member.phoneLast4) await resident.locator('.phone-last4 input').fill(member.phoneLast4)
    // Taro's H5 chooseMedia clicks a file input it creates; the browser's file chooser gets the JPEG.
    const chooser = resident.waitForEvent('filechooser')
    await resident.locator('taro-button-core.screenshot-choose').click()
    await (await chooser).setFiles(SCREENSHOT)
    await resident.locator('text=截图已上传').waitFor()
    await resident.locator('taro-button-core', { hasText: '提交登记' }).click()
    await resident.locator('.my-certification', { hasText: maskName(member.name) }).locator('text=待审核').waitFor()
    expect(sent).toEqual(['GET /api/v1/invites/' + link!.split('token=')[1], 'POST /api/v1/auth/invitation', 'POST /api/v1/uploads', 'POST /api/v1/certifications'])

    // The worker's review page pulls the grid, shows the screenshot beside the declaration, and accepts.
    await worker.goto(`${baseUrl}/#/pages/review/index`)
    const card = worker.locator('.review-card', { hasText: member.name })
    await card.locator('text=居民申报：已注册').waitFor()
    await card.locator('taro-button-core.review-show-screenshot').click()
    const image = card.locator('.review-screenshot img')
    await image.waitFor()
    // The very image the resident picked (clean.jpg is 16×16), decoded from the server's stored copy.
    expect(await image.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 16, 16])
    const pushed = worker.waitForResponse((response) => response.url().endsWith('/api/v1/sync/push') && response.status() === 200)
    await card.locator('taro-button-core.review-accept').click()
    const { results } = (await (await pushed).json()) as { results: Array<{ status: string }> }
    expect(results.map((result) => result.status)).toEqual(['applied'])

    // The member counts as registered, on the worker's household page and on the official's.
    await worker.goto(`${baseUrl}/#/pages/household/index?id=${member.householdId}`)
    await worker.locator('.member-detail', { hasText: member.name }).locator('.member-detail-app.registered').waitFor()
    await official.reload()
    const rateAfter = await villageRate(official)
    const countsAfter = await demoVillageCounts(baseUrl)
    expect(countsAfter).toEqual({ ...countsBefore, registered: countsBefore.registered + 1 })
    expect(rateAfter).not.toBe(rateBefore)
    expect(rateAfter).toBe(formatPercent(countsAfter.registered / countsAfter.eligible))
  })

  it('ran all of that under the server’s Content-Security-Policy without a single violation', () => {
    expect(app.cspViolations).toEqual([])
  })
})
