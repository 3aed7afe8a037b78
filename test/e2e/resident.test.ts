import type { Request } from 'playwright-core'
import { describeWithChromium } from './browser'
import { createDemoInvite, PHONE_VIEWPORT, useDemoApp } from './demoApp'

/**
 * The resident's invitation page on the production H5 build in Chromium, with a real invitation made by
 * demo-worker: the consent screen comes first, 不同意 sends nothing and leaves the 防骗知识 link, and —
 * the H5 build having no wx.login — a submission says to scan in WeChat instead of sending anything.
 */
describeWithChromium('the resident invitation page in Chromium', () => {
  const app = useDemoApp()

  it('asks for consent first, sends nothing after 不同意, and asks for WeChat to submit', async () => {
    const { token, memberWithPhone } = await createDemoInvite(app.server.baseUrl)
    const page = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    const sent: string[] = []
    page.on('request', (request: Request) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/api/')) sent.push(`${request.method()} ${url.pathname}`)
    })
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
    await page.locator('.member-choice', { hasText: memberWithPhone }).click()
    await page.locator('.status-choice', { hasText: '已注册' }).click()
    await page.locator('.alerts-choice', { hasText: '已开启' }).click()
    await page.locator('.phone-last4 input').fill('1234')
    await page.locator('taro-button-core', { hasText: '提交登记' }).click()
    await page.locator('text=请在微信中扫码打开小程序后登记').waitFor()
    expect(sent).toEqual([`GET /api/v1/invites/${token}`])
  })
})
