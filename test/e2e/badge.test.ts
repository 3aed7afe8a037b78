import { describeWithChromium } from './browser'
import { DEMO_VILLAGE, PHONE_VIEWPORT, signIn, useDemoApp } from './demoApp'

/**
 * The worker's badge end to end on the production H5 build against the demo server: the worker's page
 * shows a QR code of the check page's URL with the current token; a resident who opens that URL, not
 * signed in, sees 有效 with the masked name, village and grid — and a forged token shows 无效 and 96110.
 */
describeWithChromium('worker badge in Chromium', () => {
  const app = useDemoApp()

  it('a resident checks the demo worker’s badge: 有效; a forged one: 无效', async () => {
    const worker = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(worker, app.server.baseUrl, 'demo-worker')
    // Signed in once the start page shows: otherwise its navigation to home could replace the badge page.
    await worker.locator('taro-button-core', { hasText: '户列表' }).waitFor()
    const issued = worker.waitForResponse((response) => response.url().endsWith('/api/v1/me/badge'))
    await worker.goto(`${app.server.baseUrl}/#/pages/badge/index`)
    const { token } = await (await issued).json()
    await worker.locator('.badge-qr').waitFor()
    expect(await worker.locator('.badge-qr img').first().getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(await worker.locator('.badge-page').innerText()).toMatch(/\d:\d\d 后自动更换/)

    const resident = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await resident.goto(`${app.server.baseUrl}/#/packages/resident/pages/badge/index?token=${encodeURIComponent(token)}`)
    await resident.locator('.badge-valid').waitFor()
    const text = await resident.locator('.badge-check').innerText()
    expect(text).toContain('张*燕')
    expect(text).toContain(`${DEMO_VILLAGE} 第一网格`)
    expect(await resident.locator('.badge-valid').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(22)

    const forged = `${token.slice(0, -4)}AAAA`
    await resident.goto(`${app.server.baseUrl}/#/packages/resident/pages/badge/index?token=${encodeURIComponent(forged)}`)
    await resident.locator('.badge-invalid').waitFor()
    expect(await resident.locator('.badge-check').last().innerText()).toContain('96110')
  })
})
