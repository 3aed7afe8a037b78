import { formatPercent } from '../../src/core/coverage'
import { describeWithChromium } from './browser'
import { addMember, demoVillageCounts, PHONE_VIEWPORT, signIn, useDemoApp, villageRate } from './demoApp'

/**
 * Issue #2's journey on the production H5 build, in Debian's Chromium, against the real server
 * process in demo mode (fresh SQLite, Linfen demo data): demo-worker adds a household with two members
 * and marks one registered; demo-official then sees the village's registration rate change.
 */
describeWithChromium('H5 journey in Chromium', () => {
  const app = useDemoApp()

  it('a grid worker registers a household and the official sees the village rate change', async () => {
    const official = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(official, app.server.baseUrl, 'demo-official')
    const before = await villageRate(official)
    const countsBefore = await demoVillageCounts(app.server.baseUrl)

    const worker = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(worker, app.server.baseUrl, 'demo-worker')
    await worker.locator('text=已全部同步').first().waitFor()
    await worker.locator('taro-button-core', { hasText: '新增户' }).first().click()

    await worker.locator('input[name="group"]').fill('五组')
    await worker.locator('input[name="door"]').fill('88')

    await addMember(worker, { name: '测试户主', birthYear: '1975', head: true, status: '已注册' })
    await addMember(worker, { name: '测试配偶', birthYear: '1978', head: false, status: '未安装' })

    await worker.locator('taro-button-core.save-household').click()
    await worker.locator('text=已保存').first().waitFor()

    // Back on the home page nothing waits to be sent, and the list finds the new household.
    await worker.locator('text=已全部同步').first().waitFor()
    await worker.locator('taro-button-core', { hasText: '户列表' }).click()
    await worker.locator('input[placeholder="搜索姓名、地址或手机号"]').fill('测试户主')
    await worker.locator('text=五组 88号').first().waitFor()

    await official.reload()
    const after = await villageRate(official)
    const countsAfter = await demoVillageCounts(app.server.baseUrl)
    // Two eligible members (adults with smartphones, at home), one of them registered.
    expect(countsAfter).toEqual({
      households: countsBefore.households + 1,
      eligible: countsBefore.eligible + 2,
      registered: countsBefore.registered + 1,
      visited: countsBefore.visited
    })
    expect(after).not.toBe(before)
    expect(after).toBe(formatPercent(countsAfter.registered / countsAfter.eligible))
  })

  it('ran all of that under the server’s Content-Security-Policy without a single violation', async () => {
    const index = await fetch(`${app.server.baseUrl}/`)
    const policy = index.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self' 'sha256-")
    expect(policy).not.toContain('unsafe-eval')
    expect(app.cspViolations).toEqual([])
  })
})
