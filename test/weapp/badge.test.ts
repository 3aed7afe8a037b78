import QRCode from 'qrcode'
import { answerRequests, apiError, findAll, findByText, launchApp, openPage, requests, stored, tap, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { WORKER, signedInWorkerStorage, workerKey } from './fixtures'

/**
 * 我的工作证 and the resident's check page on the compiled mini-program: the QR code is the check
 * page's path with the current slot's token, it moves to the next token by itself, it works from the
 * stored batch without signal, and a bad token shows 无效 with 96110.
 */
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

function slot(token: string, fromMs: number, toMs: number) {
  return { token, validFrom: at(fromMs), expiresAt: at(toMs) }
}

/**
 * The src of the page's one image as the page's data holds it (what WeChat's renderer gets): the
 * simulator's <image> is a stub that keeps no src; null until there is one.
 */
function imageSrc(page: LoadedPage): string | null {
  return JSON.stringify(page.instance.data).match(/data:image\/[a-z+]+;base64,[A-Za-z0-9+/=]+/)?.[0] ?? null
}

/** The SVG a data URL image holds. */
function svgOf(src: string | null): string {
  expect(src).toMatch(/^data:image\/svg\+xml;base64,/)
  return Buffer.from(src!.split(',')[1], 'base64').toString('ascii')
}

/** The SVG of a QR code holding `text` as bytes, rendered with the app's options. */
function expectedSvg(text: string): Promise<string> {
  return QRCode.toString([{ mode: 'byte', data: Buffer.from(text, 'utf8') }], { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } })
}

let online = true
/** What the server answers GET /me/badge: one batch per test, however often the page asks. */
let serverBatch: ReturnType<typeof slot>[] = []
let checkAnswer: unknown = { valid: false, nameMasked: null, role: null, village: null, grid: null }

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
  answerRequests((request) => {
    if (request.path === `/api/v1/regions/${WORKER.scope.regionCode}`) return { data: { code: WORKER.scope.regionCode, name: '商会社区居委会', level: 'village', parentCode: '141002001', children: [] } }
    if (!online) return 'network-error'
    if (request.path === '/api/v1/me/badge') {
      return { data: { token: serverBatch[0].token, expiresAt: serverBatch[0].expiresAt, nameMasked: '张*明', batch: serverBatch } }
    }
    if (request.path.startsWith('/api/v1/badges/')) return { data: checkAnswer }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('the badge shows the check page’s QR code for the current token, then the next one by itself', async () => {
  online = true
  serverBatch = [slot('b1.u-worker.now.AAAA', -60_000, 1_500), slot('b1.u-worker.next.BBBB', 1_500, 300_000)]
  const page = openPage('pages/badge/index')
  await waitForText(page, '张*明')
  const first = await waitFor(() => imageSrc(page))
  expect(findAll(page, 'badge-qr')).toHaveLength(1)
  expect(svgOf(first)).toBe(await expectedSvg('packages/resident/pages/badge/index?token=b1.u-worker.now.AAAA'))
  expect(page.text()).toMatch(/0:0[0-2] 后自动更换/)
  const second = await waitFor(() => {
    const src = imageSrc(page)
    return src !== first ? src : null
  }, { timeout: 5000 })
  expect(svgOf(second)).toBe(await expectedSvg('packages/resident/pages/badge/index?token=b1.u-worker.next.BBBB'))
  expect(page.text()).toMatch(/[45]:\d\d 后自动更换/)
  // Kept under the worker's own id, for use without signal.
  expect(stored(workerKey('badge')).batch).toHaveLength(2)
  page.unload()
})

test('without signal the badge comes from the stored batch, and says until when it lasts', async () => {
  online = false
  wx.setStorageSync(workerKey('badge'), JSON.stringify({ token: 'x', expiresAt: at(60_000), nameMasked: '张*明', batch: [slot('b1.u-worker.stored.CCCC', -60_000, 600_000)] }))
  const before = requests.length
  const page = openPage('pages/badge/index')
  await waitFor(() => requests.slice(before).some((r) => r.path === '/api/v1/me/badge'))
  const src = await waitFor(() => imageSrc(page))
  expect(svgOf(src)).toBe(await expectedSvg('packages/resident/pages/badge/index?token=b1.u-worker.stored.CCCC'))
  await waitForText(page, '离线中')
  page.unload()
})

test('with no usable token left it says so and offers 重新获取', async () => {
  online = false
  wx.setStorageSync(workerKey('badge'), JSON.stringify({ token: 'x', expiresAt: at(-60_000), nameMasked: '张*明', batch: [slot('b1.u-worker.old.DDDD', -600_000, -60_000)] }))
  const page = openPage('pages/badge/index')
  await waitForText(page, '工作证二维码已用完')
  expect(findAll(page, 'badge-qr')).toHaveLength(0)
  expect(imageSrc(page)).toBeNull()
  online = true
  serverBatch = [slot('b1.u-worker.fresh.FFFF', -1_000, 300_000)]
  tap(findByText(page, '重新获取'))
  expect(svgOf(await waitFor(() => imageSrc(page)))).toBe(await expectedSvg('packages/resident/pages/badge/index?token=b1.u-worker.fresh.FFFF'))
  page.unload()
})

test('the check page shows 无效 and a tappable 96110 for a bad token', async () => {
  online = true
  checkAnswer = { valid: false, nameMasked: null, role: null, village: null, grid: null }
  const call = jest.spyOn(wx, 'makePhoneCall')
  const page = openPage('packages/resident/pages/badge/index', { token: 'b1.forged.0.XXXX' })
  await waitForText(page, '无效')
  expect(requests[requests.length - 1].path).toBe('/api/v1/badges/b1.forged.0.XXXX')
  expect(requests[requests.length - 1].header.Authorization).toBeUndefined()
  expect(page.text()).toContain('请不要开门，不要转账')
  tap(findByText(page, '拨打 96110 反诈专线'))
  await waitFor(() => call.mock.calls.length > 0)
  expect(call.mock.calls[0][0]).toMatchObject({ phoneNumber: '96110' })
  page.unload()
})

test('the check page shows 有效 with the masked name, role, village and grid for a good token', async () => {
  checkAnswer = { valid: true, nameMasked: '张*明', role: '网格员', village: '商会社区居委会', grid: '第一网格' }
  const page = openPage('packages/resident/pages/badge/index', { token: 'b1.u-worker.good.EEEE' })
  await waitForText(page, '有效')
  expect(page.text()).toContain('张*明')
  expect(page.text()).toContain('商会社区居委会 第一网格')
  expect(page.text()).not.toContain('无效')
  page.unload()
})
