import type { BrowserContext, Page } from 'playwright-core'
import { describeWithChromium } from './browser'
import { createDemoInvite, PHONE_VIEWPORT, signIn, useDemoApp, type DemoInvite } from './demoApp'

/**
 * 适老化 (DESIGN.md §7) measured as a person would see it, on the production H5 build in Chromium at a
 * 390 px phone: every page of app.config.ts (a page added later is measured too, as demo-worker unless
 * VISITS says otherwise) is opened as its user, and on each screen
 * - every visible tappable element (buttons, inputs, choices, switches, NutUI controls, the title bar's
 *   back and home, and anything with a click handler) is at least 44 px tall,
 * - every visible piece of text is at least 16 px and has a contrast of at least 4.5:1 against what
 *   is behind it (the placeholders of inputs too),
 * - the page has a title bar with a title, and a back or home button except where there is nowhere to
 *   go (sign-in, the user's start page),
 * - with the app's text variables raised (22 px body text, as a larger system font asks) no text is cut
 *   off by a box too small for it, and
 * - at 360 px nothing makes the page scroll sideways and no text runs off the screen.
 *
 * Exceptions, WCAG's own: text of a disabled control, and text cut with … on purpose (the household
 * card's lines, whole on the household page). No smaller text is allowed anywhere.
 */

const MIN_TAP = 44
const MIN_FONT = 16
const MIN_CONTRAST = 4.5
const NARROW = 360

type DemoUser = 'demo-worker' | 'demo-village' | 'demo-official' | 'demo-admin' | null

interface Visit {
  /** What the failure message calls this screen. */
  name: string
  user: DemoUser
  /** Brings the page to the state to measure (default: open its URL). */
  open?: (page: Page, baseUrl: string) => Promise<void>
}

// app.config.ts calls Taro's compile-time global; here it only has to hand the object back.
;(globalThis as unknown as { defineAppConfig: (config: unknown) => unknown }).defineAppConfig = (config) => config
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = (require('../../src/app.config') as { default: { pages: string[]; subPackages?: Array<{ root: string; pages: string[] }> } }).default

/** Every page of the app, main package and subpackages, as app.config.ts lists them. */
const PAGES = [...appConfig.pages, ...(appConfig.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))]

const goto = (path: string) => async (page: Page, baseUrl: string) => {
  await page.goto(`${baseUrl}/#/${path}`)
}

async function openFirstHousehold(page: Page, baseUrl: string): Promise<void> {
  await goto('pages/households/index')(page, baseUrl)
  await page.locator('.household-card-address').first().click()
  await page.locator('text=家庭成员').first().waitFor()
}

/** demo-official's page of the demo village (大阳村委会), the one with households and gaps. */
async function openDemoVillageScore(page: Page, baseUrl: string): Promise<void> {
  await goto('packages/official/pages/village/index?code=141002102200')(page, baseUrl)
  await page.locator('.indicator').first().waitFor()
}

/** A household on the demo village's gap list, as the village page links it (asked of the API as demo-official). */
async function demoGapHousehold(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-official', password: 'wuzha-demo' })
  })
  const { token } = (await login.json()) as { token: string }
  const score = (await (await fetch(`${baseUrl}/api/v1/scores/villages/141002102200`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    gaps: Array<{ candidates: Array<{ householdId: string }> }>
  }
  return score.gaps.flatMap((gap) => gap.candidates)[0].householdId
}

/** The screens to measure where a page needs another user, a query or a tap first. */
const VISITS: Record<string, Visit[]> = {
  'pages/login/index': [{ name: '登录', user: null }],
  'pages/households/index': [
    { name: '户列表（网格员）', user: 'demo-worker' },
    { name: '户列表（村管理员）', user: 'demo-village' },
    {
      name: '户列表的走访面板',
      user: 'demo-worker',
      open: async (page, baseUrl) => {
        await goto('pages/households/index')(page, baseUrl)
        await page.locator('.household-card-visit').first().click()
        await page.locator('.quick-visit-save').waitFor()
      }
    }
  ],
  'pages/household/index': [
    { name: '户详情', user: 'demo-worker', open: openFirstHousehold },
    {
      name: '户详情的走访面板',
      user: 'demo-worker',
      open: async (page, baseUrl) => {
        await openFirstHousehold(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '记录走访' }).click()
        await page.locator('.quick-visit-save').waitFor()
      }
    }
  ],
  'pages/household-edit/index': [
    {
      name: '新增户与成员表单',
      user: 'demo-worker',
      open: async (page, baseUrl) => {
        await goto('pages/household-edit/index')(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '添加成员' }).click()
        await page.locator('.member-form').waitFor()
      }
    },
    {
      name: '编辑户（成员列表）',
      user: 'demo-worker',
      open: async (page, baseUrl) => {
        await openFirstHousehold(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '编辑' }).click()
        await page.locator('.member-summary').first().waitFor()
      }
    },
    { name: '新增户（村管理员选网格）', user: 'demo-village' }
  ],
  'pages/import/index': [
    { name: '导入名单（网格员）', user: 'demo-worker' },
    { name: '导入名单（村管理员选网格）', user: 'demo-village' }
  ],
  'packages/official/pages/township/index': [
    { name: '乡镇', user: 'demo-official' },
    {
      name: '记录乡镇宣传活动',
      user: 'demo-official',
      open: async (page, baseUrl) => {
        await goto('packages/official/pages/township/index')(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '记录乡镇宣传活动' }).click()
        await page.locator('.activity-form').waitFor()
      }
    }
  ],
  'packages/official/pages/rules/index': [
    { name: '评分规则（干部只读）', user: 'demo-official' },
    {
      name: '评分规则（管理员修改，分值之和不为100）',
      user: 'demo-admin',
      open: async (page, baseUrl) => {
        await goto('packages/official/pages/rules/index')(page, baseUrl)
        await page.locator('.rule-input-indicators-app_coverage-points input').fill('30')
        await page.locator('.rules-sum-error').waitFor()
      }
    }
  ],
  'packages/official/pages/village/index': [
    { name: '村社区得分', user: 'demo-official', open: openDemoVillageScore },
    {
      name: '记录涉诈案件',
      user: 'demo-official',
      open: async (page, baseUrl) => {
        await openDemoVillageScore(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '记录涉诈案件' }).click()
        await page.locator('.case-form').waitFor()
      }
    },
    {
      name: '记录宣传活动（干部）',
      user: 'demo-official',
      open: async (page, baseUrl) => {
        await openDemoVillageScore(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '记录宣传活动' }).click()
        await page.locator('.activity-form').waitFor()
      }
    }
  ],
  'packages/official/pages/household/index': [
    {
      name: '住户（干部只读）',
      user: 'demo-official',
      open: async (page, baseUrl) => {
        await goto(`packages/official/pages/household/index?id=${await demoGapHousehold(baseUrl)}`)(page, baseUrl)
        await page.locator('text=家庭成员').first().waitFor()
      }
    }
  ],
  'packages/village/pages/index/index': [{ name: '村务管理', user: 'demo-village' }],
  'packages/village/pages/score/index': [
    {
      name: '本村评分',
      user: 'demo-village',
      open: async (page, baseUrl) => {
        await goto('packages/village/pages/score/index')(page, baseUrl)
        await page.locator('.village-points').waitFor()
      }
    }
  ],
  'packages/village/pages/grids/index': [
    {
      name: '网格管理',
      user: 'demo-village',
      open: async (page, baseUrl) => {
        await goto('packages/village/pages/grids/index')(page, baseUrl)
        await page.locator('.grid-card').first().waitFor()
      }
    },
    {
      name: '网格管理（分配网格员）',
      user: 'demo-village',
      open: async (page, baseUrl) => {
        await goto('packages/village/pages/grids/index')(page, baseUrl)
        await page.locator('.grid-assign').first().click()
        await page.locator('.grid-assign-save').waitFor()
      }
    }
  ],
  'packages/village/pages/invites/index': [
    {
      name: '邀请码（新生成）',
      user: 'demo-village',
      open: async (page, baseUrl) => {
        await goto('packages/village/pages/invites/index')(page, baseUrl)
        await page.locator('.pick-row').first().click()
        await page.locator('.invite-create').click()
        await page.locator('.invite-code').waitFor()
      }
    }
  ],
  'packages/village/pages/records/index': [
    {
      name: '宣传活动与村情（记录宣传活动）',
      user: 'demo-village',
      open: async (page, baseUrl) => {
        await goto('packages/village/pages/records/index')(page, baseUrl)
        await page.locator('.facts-submit').waitFor()
        await page.locator('taro-button-core', { hasText: '记录宣传活动' }).click()
        await page.locator('.activity-form').waitFor()
      }
    }
  ],
  'packages/village/pages/move/index': [
    {
      name: '调整网格',
      user: 'demo-village',
      open: async (page, baseUrl) => {
        await openFirstHousehold(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '调整网格' }).click()
        await page.locator('.pick-row').first().waitFor()
      }
    }
  ],
  'packages/resident/pages/privacy/index': [{ name: '隐私保护指引', user: null }],
  'pages/badge/index': [
    {
      name: '我的工作证',
      user: 'demo-worker',
      open: async (page, baseUrl) => {
        await goto('pages/badge/index')(page, baseUrl)
        await page.locator('.badge-qr').waitFor()
      }
    }
  ],
  'packages/resident/pages/badge/index': [
    {
      name: '核验工作证（无效）',
      user: null,
      open: async (page, baseUrl) => {
        await goto('packages/resident/pages/badge/index?token=b1.forged.0.AAAA')(page, baseUrl)
        await page.locator('.badge-invalid').waitFor()
      }
    }
  ],
  'packages/resident/pages/knowledge/index': [
    {
      name: '防骗知识（大阳镇的案例提醒）',
      user: null,
      open: async (page, baseUrl) => {
        await goto('packages/resident/pages/knowledge/index?township=141002102')(page, baseUrl)
        await page.locator('.knowledge-warning').first().waitFor()
      }
    }
  ],
  'packages/resident/pages/fraud/index': [{ name: '防骗知识：冒充公检法', user: null, open: goto('packages/resident/pages/fraud/index?type=fake_police') }],
  'packages/resident/pages/invite/index': [
    {
      name: '居民登记（过期的邀请）',
      user: null,
      open: async (page, baseUrl) => {
        await goto('packages/resident/pages/invite/index?token=expired-invite')(page, baseUrl)
        await page.locator('.invite-gone').waitFor()
      }
    },
    { name: '居民登记（隐私提示）', user: null, open: async (page, baseUrl) => void (await openInvite(page, baseUrl)) },
    {
      name: '居民登记（表单）',
      user: null,
      open: async (page, baseUrl) => {
        const { memberWithPhone } = await openInvite(page, baseUrl)
        await page.locator('taro-button-core', { hasText: '同意并继续' }).click()
        await page.locator('.member-choice', { hasText: memberWithPhone }).click()
        await page.locator('.phone-last4').waitFor()
      }
    }
  ]
}

/** A real invitation of demo-worker's, opened as a resident: the consent sheet first. */
let invite: Promise<DemoInvite> | null = null
async function openInvite(page: Page, baseUrl: string): Promise<DemoInvite> {
  invite ??= createDemoInvite(baseUrl)
  const { token, memberWithPhone } = await invite
  await goto(`packages/resident/pages/invite/index?token=${token}`)(page, baseUrl)
  await page.locator('.consent').waitFor()
  return { token, memberWithPhone }
}

/** Where each demo user lands after signing in (features/auth/landing.ts). */
const START_PAGES: Record<Exclude<DemoUser, null>, string> = {
  'demo-worker': 'pages/home/index',
  'demo-village': 'pages/households/index',
  'demo-official': 'packages/official/pages/township/index',
  'demo-admin': 'packages/official/pages/township/index'
}

function visitsOf(path: string): Visit[] {
  return VISITS[path] ?? [{ name: path, user: 'demo-worker' }]
}

interface Finding {
  what: string
  text: string
  value: number
}

interface Measurement {
  small: Finding[]
  tiny: Finding[]
  faint: Finding[]
  title: string
  back: boolean
}

/** Runs in the page: sizes of targets and text, and contrast. Self-contained (it is serialized). */
function measure(limits: { minTap: number; minFont: number; minContrast: number }): Measurement {
  type Rgba = [number, number, number, number]
  const parse = (color: string): Rgba[] =>
    [...color.matchAll(/rgba?\(([^)]+)\)/g)].map((match) => {
      const [r, g, b, a] = match[1].split(/[ ,/]+/).filter(Boolean).map(Number)
      return [r, g, b, a ?? 1]
    })
  const luminance = ([r, g, b]: Rgba) => {
    const [lr, lg, lb] = [r, g, b].map((v) => {
      const c = v / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb
  }
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3]
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1]
  }
  const ratio = (a: Rgba, b: Rgba) => {
    const [la, lb] = [luminance(a), luminance(b)]
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
  }
  /** The colours behind an element: the first opaque background up the tree (each colour of a gradient). */
  const backgroundsOf = (element: Element | null): Rgba[] => {
    const layers: Rgba[] = []
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node)
      const gradient = style.backgroundImage.includes('gradient') ? parse(style.backgroundImage) : []
      if (gradient.length > 0) return gradient.map((stop) => layers.reduceRight((colour, layer) => over(layer, colour), over(stop, [255, 255, 255, 1])))
      const [colour] = parse(style.backgroundColor)
      if (colour && colour[3] > 0) {
        if (colour[3] >= 1) return [layers.reduceRight((below, layer) => over(layer, below), colour)]
        layers.push(colour)
      }
    }
    return [layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1] as Rgba)]
  }
  const opacityOf = (element: Element) => {
    let opacity = 1
    for (let node: Element | null = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity)
    return opacity
  }
  const visible = (element: Element) => {
    const rect = element.getBoundingClientRect()
    if (rect.width < 1 || rect.height < 1) return false
    const style = getComputedStyle(element)
    return style.visibility !== 'hidden' && style.display !== 'none' && opacityOf(element) > 0.05
  }
  const disabled = (element: Element) =>
    !!element.closest('[disabled], [aria-disabled="true"], .nut-button-disabled, .nut-radio-button-disabled, .nut-checkbox-button-disabled, .nut-switch-disabled')
  const label = (element: Element) => (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30) || `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`
  const hasClickHandler = (element: Element) =>
    Object.keys(element).some((key) => {
      if (!key.startsWith('__reactProps$')) return false
      const props = (element as unknown as Record<string, Record<string, unknown> | undefined>)[key]
      return typeof props?.onClick === 'function' || typeof props?.onTap === 'function'
    })

  const TARGETS =
    'taro-button-core, button, input:not([type=hidden]), textarea, [role=button], a[href], .nut-radio, .nut-checkbox, .nut-switch, .nut-searchbar-input, .taro-navigation-bar-back, .taro-navigation-bar-home'
  const targets = new Set<Element>(Array.from(document.querySelectorAll(TARGETS)))
  document.querySelectorAll('body *').forEach((element) => {
    // Every NutUI icon carries NutUI's pass-through click handler, decorative ones (the search bar's
    // magnifier) too; where an icon does something (a popup's close), the element around it has the
    // handler and is measured.
    if (element.matches('.nut-icon')) return
    if (hasClickHandler(element)) targets.add(element)
  })
  const small: Finding[] = []
  targets.forEach((element) => {
    if (!visible(element)) return
    const height = element.getBoundingClientRect().height
    if (height < limits.minTap - 0.5) small.push({ what: 'target', text: label(element), value: Math.round(height * 10) / 10 })
  })

  const tiny: Finding[] = []
  const faint: Finding[] = []
  const checkText = (element: Element, text: string, colour: string) => {
    const style = getComputedStyle(element)
    const size = parseFloat(style.fontSize)
    if (size < limits.minFont - 0.01) tiny.push({ what: 'text', text, value: size })
    if (disabled(element)) return
    const [foreground] = parse(colour)
    if (!foreground) return
    const alpha = foreground[3] * opacityOf(element)
    const worst = Math.min(...backgroundsOf(element).map((background) => ratio(over([foreground[0], foreground[1], foreground[2], alpha], background), background)))
    if (worst < limits.minContrast) faint.push({ what: 'contrast', text, value: Math.round(worst * 100) / 100 })
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim()
    const parent = node.parentElement
    if (!text || !parent || parent.closest('svg, script, style, noscript') || !visible(parent)) continue
    const range = document.createRange()
    range.selectNodeContents(node)
    const rect = range.getBoundingClientRect()
    if (rect.width < 1 || rect.height < 1) continue
    checkText(parent, text.slice(0, 30), getComputedStyle(parent).color)
  }
  document.querySelectorAll('input, textarea').forEach((field) => {
    if (!visible(field)) return
    const placeholder = field.getAttribute('placeholder')
    if ((field as HTMLInputElement).value) checkText(field, (field as HTMLInputElement).value.slice(0, 30), getComputedStyle(field).color)
    else if (placeholder) checkText(field, `（提示）${placeholder.slice(0, 24)}`, getComputedStyle(field, '::placeholder').color)
  })

  const bar = document.getElementById('taro-navigation-bar')
  const shown = (selector: string) => {
    const element = bar?.querySelector(selector)
    return !!element && visible(element)
  }
  return {
    small,
    tiny,
    faint,
    title: bar && visible(bar) ? (bar.querySelector('.taro-navigation-bar-title')?.textContent ?? '').trim() : '',
    back: shown('.taro-navigation-bar-back') || shown('.taro-navigation-bar-home')
  }
}

/** Runs in the page at 360 px: does the page scroll sideways, and which text runs past the right edge. */
function overflow(): { scrollWidth: number; width: number; cut: string[] } {
  const width = document.documentElement.clientWidth
  const cut: string[] = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim()
    const parent = node.parentElement
    if (!text || !parent || getComputedStyle(parent).visibility === 'hidden') continue
    // Cut with … on purpose: the ellipsis says there is more, and the full text is a tap away.
    if ([...ancestors(parent)].some((element) => getComputedStyle(element).textOverflow === 'ellipsis')) continue
    const range = document.createRange()
    range.selectNodeContents(node)
    const rect = range.getBoundingClientRect()
    if (rect.width >= 1 && rect.right > width + 0.5) cut.push(`${text.slice(0, 20)}（右边到 ${Math.round(rect.right)} px）`)
  }
  return { scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), width, cut }

  function* ancestors(element: Element | null): Generator<Element> {
    for (let node = element; node; node = node.parentElement) yield node
  }
}

/**
 * Runs in the page: text cut off by a box around it (overflow hidden) that does not end it with … on
 * purpose and is not a scrolling area.
 */
function clipped(): string[] {
  const cut: string[] = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim()
    const parent = node.parentElement
    if (!text || !parent || parent.closest('svg') || getComputedStyle(parent).visibility === 'hidden') continue
    const range = document.createRange()
    range.selectNodeContents(node)
    const rect = range.getBoundingClientRect()
    if (rect.width < 1 || rect.height < 1) continue
    for (let box: Element | null = parent; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box)
      if (style.textOverflow === 'ellipsis' || /auto|scroll/.test(style.overflowX + style.overflowY)) break
      if (!/hidden|clip/.test(style.overflowX + style.overflowY)) continue
      const outer = box.getBoundingClientRect()
      if (rect.bottom > outer.bottom + 1 || rect.right > outer.right + 1) {
        cut.push(`${text.slice(0, 20)}（被 <${box.tagName.toLowerCase()} class="${box.getAttribute('class') ?? ''}"> 截断）`)
        break
      }
    }
  }
  return cut
}

/** Waits until the screen has settled: no request in flight and no 加载中 left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.body.innerText.includes('加载中'), undefined, { timeout: 15_000 })
  // Popups and the title bar animate in.
  await page.waitForTimeout(400)
}

describeWithChromium('适老化 on every page (Chromium, 390 px)', () => {
  const app = useDemoApp()
  const contexts = new Map<DemoUser, BrowserContext>()

  async function pageAs(user: DemoUser): Promise<Page> {
    let context = contexts.get(user)
    if (!context) {
      context = await app.newContext(PHONE_VIEWPORT)
      contexts.set(user, context)
      if (user) {
        const first = await context.newPage()
        await signIn(first, app.server.baseUrl, user)
        await first.waitForURL((url) => !url.hash.includes('login'))
        await first.close()
      }
    }
    return context.newPage()
  }

  afterAll(async () => {
    for (const context of contexts.values()) await context.close()
  })

  it('finds the pages to measure in app.config.ts', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['pages/login/index', 'pages/home/index', 'packages/official/pages/township/index']))
    // A screen listed here for a page that no longer exists would silently measure nothing.
    expect(Object.keys(VISITS).filter((path) => !PAGES.includes(path))).toEqual([])
  })

  for (const path of PAGES) {
    for (const visit of visitsOf(path)) {
      it(`${visit.name} (${path}, ${visit.user ?? '未登录'}): targets ≥ ${MIN_TAP} px, text ≥ ${MIN_FONT} px at ≥ ${MIN_CONTRAST}:1, a title bar, nothing sideways at ${NARROW} px`, async () => {
        const page = await pageAs(visit.user)
        try {
          await (visit.open ?? goto(path))(page, app.server.baseUrl)
          await settle(page)
          const result = await page.evaluate(measure, { minTap: MIN_TAP, minFont: MIN_FONT, minContrast: MIN_CONTRAST })
          expect({ screen: visit.name, tooSmallToTap: result.small }).toEqual({ screen: visit.name, tooSmallToTap: [] })
          expect({ screen: visit.name, textBelow16px: result.tiny }).toEqual({ screen: visit.name, textBelow16px: [] })
          expect({ screen: visit.name, contrastBelow45: result.faint }).toEqual({ screen: visit.name, contrastBelow45: [] })
          expect(result.title).not.toBe('')
          // Everywhere a way back, except where there is nowhere to go: sign-in, and the user's start page.
          const start = path === appConfig.pages[0] || (visit.user !== null && START_PAGES[visit.user] === path)
          expect({ screen: visit.name, backOrHome: result.back }).toEqual({ screen: visit.name, backOrHome: !start })

          // A larger font (what the system setting asks for) grows the boxes instead of being cut.
          await page.evaluate(() => {
            for (const [name, value] of Object.entries({ '--wz-font-body': '22px', '--wz-font-title': '24px', '--wz-font-figure': '28px' })) {
              document.body.style.setProperty(name, value)
            }
          })
          await page.waitForTimeout(200)
          expect({ screen: visit.name, cutAtLargerFont: await page.evaluate(clipped) }).toEqual({ screen: visit.name, cutAtLargerFont: [] })
          await page.evaluate(() => document.body.removeAttribute('style'))

          await page.setViewportSize({ width: NARROW, height: PHONE_VIEWPORT.viewport.height })
          await page.waitForTimeout(300)
          const sideways = await page.evaluate(overflow)
          expect({ screen: visit.name, scrollWidth: sideways.scrollWidth, cut: sideways.cut }).toEqual({ screen: visit.name, scrollWidth: sideways.width, cut: [] })
        } finally {
          await page.close()
        }
      })
    }
  }

  it('the title bar’s back goes to the previous page, and to the start page when there is none', async () => {
    const page = await pageAs('demo-worker')
    try {
      await goto('pages/home/index')(page, app.server.baseUrl)
      await page.locator('taro-button-core', { hasText: '户列表' }).click()
      await page.locator('.household-card').first().waitFor()
      await page.locator('#taro-navigation-bar .taro-navigation-bar-back').click()
      await page.waitForURL((url) => url.hash.includes('pages/home/index'))

      // Opened straight from a link: nothing to go back to, so the bar offers the start page.
      await goto('pages/sync/index')(page, app.server.baseUrl)
      await page.reload()
      await page.locator('text=待同步').first().waitFor()
      await page.locator('#taro-navigation-bar .taro-navigation-bar-home').click()
      await page.waitForURL((url) => url.hash.includes('pages/home/index'))
    } finally {
      await page.close()
    }
  })
})
