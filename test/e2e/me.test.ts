import type { Page } from 'playwright-core'
import { describeWithChromium } from './browser'
import { DEMO_VILLAGE, PHONE_VIEWPORT, signIn, useDemoApp } from './demoApp'

/**
 * 我的 on the production H5 build in Chromium against the demo server, at a phone's 390 px width, as a
 * person would judge it (DESIGN §7): its controls at least 44 px tall, its text at least 16 px.
 */
async function smallest(page: Page, selector: string, measure: 'height' | 'fontSize'): Promise<number> {
  const values = await page.locator(selector).evaluateAll(
    (elements, what) =>
      elements
        .filter((el) => (el as HTMLElement).offsetParent !== null && (el.textContent ?? '').trim() !== '')
        .map((el) => (what === 'height' ? el.getBoundingClientRect().height : parseFloat(getComputedStyle(el).fontSize))),
    measure
  )
  // Nothing measured would pass every check: make it fail instead.
  if (values.length === 0) throw new Error(`nothing visible matches ${selector}`)
  return Math.min(...values)
}

describeWithChromium('我的 in Chromium', () => {
  const app = useDemoApp()

  it('is reached from home, names the worker and the grid, and is sized for older eyes', async () => {
    const page = await (await app.newContext(PHONE_VIEWPORT)).newPage()
    await signIn(page, app.server.baseUrl, 'demo-worker')
    await page.locator('.me-entry').waitFor()
    expect(await smallest(page, '.me-entry', 'height')).toBeGreaterThanOrEqual(44)
    await page.locator('.me-entry').click()

    // H5 keeps the home page, hidden, under this one: look inside 我的 only.
    const me = page.locator('.me-page')
    await me.locator(`text=${DEMO_VILLAGE}`).first().waitFor()
    await me.locator('text=已全部同步').first().waitFor()
    expect(await me.innerText()).toContain('网格员')
    expect(await smallest(page, '.me-page taro-button-core', 'height')).toBeGreaterThanOrEqual(44)
    expect(await smallest(page, '.me-sync', 'height')).toBeGreaterThanOrEqual(44)
    // Every piece of text on the page, down to the leaves.
    expect(await smallest(page, '.me-page taro-view-core:not(:has(taro-view-core))', 'fontSize')).toBeGreaterThanOrEqual(16)
    expect(await smallest(page, '.me-page taro-button-core', 'fontSize')).toBeGreaterThanOrEqual(16)
  })
})
