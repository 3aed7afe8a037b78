import dayjs from 'dayjs'
import { answerRequests, apiError, findAll, findByText, launchApp, openPage, requests, tap, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { GRID_CHANGES, HOUSEHOLDS, answerPull, signedInWorkerStorage } from './fixtures'

/**
 * 邀请居民自助登记 on the household page of the compiled mini-program, with the invitation routes
 * (built by the residents' server work, API.md's paths) answered here: the 小程序码 is fetched as bytes
 * with the worker's token and shown with its expiry; 撤销 asks first, then revokes.
 */
const HOUSEHOLD = HOUSEHOLDS[0]
const TOKEN = 'inv-7Qk2xZ'
const EXPIRES_AT = '2026-12-31T10:00:00.000Z'
/** A PNG's signature and a few bytes: what WeChat's wxacode.getUnlimited answers, in short. */
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff])

let inviteAnswer: unknown = { data: { token: TOKEN, expiresAt: EXPIRES_AT, path: `packages/resident/pages/invite/index?token=${TOKEN}` } }

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
  answerRequests((request) => {
    if (request.path === '/api/v1/sync/pull') return answerPull(request.query, GRID_CHANGES)
    if (request.method === 'POST' && request.path === `/api/v1/households/${HOUSEHOLD.id}/invites`) return inviteAnswer as never
    if (request.method === 'GET' && request.path === `/api/v1/invites/${TOKEN}/wxacode`) return { data: PNG.buffer.slice(0) }
    if (request.method === 'DELETE' && request.path === `/api/v1/invites/${TOKEN}`) return { status: 204 }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

function imageSrc(page: LoadedPage): string | null {
  return JSON.stringify(page.instance.data).match(/data:image\/[a-z+]+;base64,[A-Za-z0-9+/=]+/)?.[0] ?? null
}

test('a grid worker invites the household: the 小程序码 with its expiry, then 撤销 after a confirm', async () => {
  const page = openPage('pages/household/index', { id: HOUSEHOLD.id })
  await waitForText(page, '邀请居民自助登记')
  tap(findByText(page, '邀请居民自助登记'))
  const src = await waitFor(() => imageSrc(page))
  expect(src).toBe(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`)
  const code = requests.find((r) => r.path === `/api/v1/invites/${TOKEN}/wxacode`)!
  expect(code.header.Authorization).toBe('Bearer worker-token')
  expect(findAll(page, 'invite-qr')).toHaveLength(1)
  expect(page.text()).toContain(`有效期至 ${dayjs(EXPIRES_AT).format('YYYY年M月D日 HH:mm')}`)

  const showModal = jest.spyOn(wx, 'showModal')
  showModal.mockImplementationOnce((options: any) => options.success?.({ confirm: false, cancel: true }))
  tap(findByText(page, '撤销邀请'))
  await waitFor(() => showModal.mock.calls.length === 1)
  expect(requests.some((r) => r.method === 'DELETE')).toBe(false)
  expect(findAll(page, 'invite-qr')).toHaveLength(1)

  showModal.mockImplementationOnce((options: any) => options.success?.({ confirm: true, cancel: false }))
  tap(findByText(page, '撤销邀请'))
  await waitForText(page, '邀请已撤销')
  expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/v1/invites/${TOKEN}`])
  expect(findAll(page, 'invite-qr')).toHaveLength(0)
  showModal.mockRestore()
  page.unload()
})

test('without signal the invitation says why and the page stays usable', async () => {
  inviteAnswer = 'network-error'
  const page = openPage('pages/household/index', { id: HOUSEHOLD.id })
  await waitForText(page, '邀请居民自助登记')
  tap(findByText(page, '邀请居民自助登记'))
  await waitForText(page, '网络不可用')
  expect(findAll(page, 'invite-qr')).toHaveLength(0)
  page.unload()
})
