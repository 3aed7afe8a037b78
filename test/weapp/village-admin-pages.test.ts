import { GRID_A, GRID_B, PASSWORD, USERS, VILLAGE } from '../server/fixtures'
import { answerRequests, find, findAll, findByText, launchApp, openPage, tap, type, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { forward, startRealServer, type RealServer } from './realServer'
import { signedInStorage } from './fixtures'

/**
 * The village admin's 网格管理 and 邀请码 pages on the compiled app, against the real server (its test
 * world: 商会社区 with 第一网格 (张小明) and 第二网格 (赵丽)): what the pages do is what the server then holds.
 */
let server: RealServer
let villageToken: string

/** A request to the real server as `token`, outside the app. */
async function call(method: string, path: string, token: string | null, data?: unknown) {
  return forward(server.baseUrl, {
    method,
    url: `${server.baseUrl}${path}`,
    path: path.split('?')[0],
    query: {},
    data,
    header: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) }
  })
}

beforeAll(async () => {
  server = await startRealServer()
  const signIn = await call('POST', '/api/v1/auth/password', null, { username: USERS.village.username, password: PASSWORD })
  villageToken = (signIn.data as { token: string }).token
  launchApp({ storage: signedInStorage(villageToken, { id: USERS.village.id, name: USERS.village.name, role: 'village_admin', scope: { regionCode: VILLAGE } }) })
  answerRequests((request) => forward(server.baseUrl, request))
  jest.spyOn(wx, 'showModal').mockImplementation((options: any) => options.success?.({ confirm: true, cancel: false }))
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

/** What the server now says about the village's grids, as the page would load them again. */
async function gridsOnServer(page: LoadedPage): Promise<string> {
  page.unload()
  const fresh = openPage('packages/village/pages/grids/index')
  await waitForText(fresh, '第一网格')
  const text = fresh.text()
  fresh.unload()
  return text
}

function cardOf(page: LoadedPage, gridName: string): HTMLElement {
  const card = findAll(page, 'grid-card').find((el) => (el.textContent ?? '').startsWith(gridName))
  if (!card) throw new Error(`no card of ${gridName}: ${page.text().slice(0, 400)}`)
  return card
}

function buttonIn(card: HTMLElement, className: string): HTMLElement {
  const el = Array.from(card.querySelectorAll<HTMLElement>('*')).find((node) => (node.getAttribute('class') ?? '').split(/\s+/).some((name) => name === className || name.endsWith(`--${className}`)))
  if (!el) throw new Error(`no ${className} in ${card.textContent}`)
  return el
}

test('网格管理: a new grid is created, renamed, and given a worker — and the server holds it', async () => {
  const page = openPage('packages/village/pages/grids/index')
  await waitForText(page, '第二网格')
  expect(page.text()).toContain('网格员：张小明')

  // An empty name is refused on the page, naming the field.
  tap(find(page, 'grid-create'))
  await waitForText(page, '网格名称不能为空')

  type(find(page, 'grid-new-name'), '第三网格')
  tap(find(page, 'grid-create'))
  await waitFor(() => cardOf(page, '第三网格'))
  expect(cardOf(page, '第三网格').textContent).toContain('网格员：未分配')

  tap(buttonIn(cardOf(page, '第三网格'), 'grid-rename'))
  await waitFor(() => find(page, 'grid-rename-input'))
  type(find(page, 'grid-rename-input'), '第三网格（西）')
  tap(find(page, 'grid-rename-save'))
  await waitFor(() => cardOf(page, '第三网格（西）'))

  tap(buttonIn(cardOf(page, '第三网格（西）'), 'grid-assign'))
  await waitFor(() => findByText(page, '赵丽'))
  tap(findByText(page, '赵丽'))
  // The tick is drawn before saving, as a person would see it.
  await waitFor(() => find(page, 'pick-row-on'))
  tap(find(page, 'grid-assign-save'))
  await waitFor(() => (cardOf(page, '第三网格（西）').textContent ?? '').includes('网格员：赵丽'))

  const text = await gridsOnServer(page)
  expect(text).toContain('第三网格（西）网格员：赵丽')
}, 30_000)

test('邀请码: a code for the grids chosen is shown large, listed, and 作废 takes it off the list', async () => {
  const page = openPage('packages/village/pages/invites/index')
  await waitForText(page, '第一网格')
  await waitForText(page, '没有有效的邀请码')

  tap(find(page, 'invite-create'))
  await waitForText(page, '请至少选择一个网格')

  tap(findByText(page, '第二网格'))
  await waitFor(() => find(page, 'pick-row-on'))
  type(find(page, 'invite-name'), '孙丽')
  tap(find(page, 'invite-create'))
  const code = await waitFor(() => find(page, 'invite-code').textContent?.trim())
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/)
  expect(page.text()).toMatch(/\d+月\d+日 \d\d:\d\d 前有效，只能使用一次/)
  await waitFor(() => findAll(page, 'invite-row').length === 1)
  expect(find(page, 'invite-row').textContent).toContain(`${code}作废孙丽 · 第二网格`)

  const setClipboardData = jest.spyOn(wx, 'setClipboardData').mockImplementation((options: any) => options.success?.({ errMsg: 'setClipboardData:ok' }))
  tap(find(page, 'invite-copy'))
  await waitFor(() => setClipboardData.mock.calls.length > 0)
  expect((setClipboardData.mock.calls[0][0] as any).data).toBe(code)

  tap(find(page, 'invite-revoke'))
  await waitForText(page, '没有有效的邀请码')
  page.unload()

  // The server no longer lists it.
  const again = openPage('packages/village/pages/invites/index')
  await waitForText(again, '没有有效的邀请码')
  expect(again.text()).not.toContain(code)
  again.unload()
}, 30_000)

test('调整网格: the move goes through the outbox as household.move, and the server has the household in the new grid', async () => {
  const worker = (await call('POST', '/api/v1/auth/password', null, { username: USERS.worker.username, password: PASSWORD })).data as { token: string }
  const householdId = '7a0e3c1d-2b4f-4c6a-8d9e-0f1a2b3c4d5e'
  const pushed = await call('POST', '/api/v1/sync/push', worker.token, {
    clientId: '7a0e3c1d-2b4f-4c6a-8d9e-0f1a2b3c4d00',
    mutations: [{ id: '7a0e3c1d-2b4f-4c6a-8d9e-0f1a2b3c4d01', type: 'household.upsert', payload: { id: householdId, gridId: GRID_A, address: { group: '七组', door: '9' } }, at: '2026-11-15T02:00:00.000Z' }]
  })
  expect((pushed.data as { results: { status: string }[] }).results[0].status).toBe('applied')

  jest.spyOn(wx, 'navigateBack').mockImplementation((options: any) => options?.success?.({ errMsg: 'navigateBack:ok' }))
  const page = openPage('packages/village/pages/move/index', { id: householdId })
  await waitForText(page, '七组 9号')
  // The household comes from the local store, the grid names from GET /grids a moment later.
  await waitForText(page, '现在所在网格：第一网格')
  tap(findByText(page, '第二网格（赵丽）'))
  await waitFor(() => find(page, 'pick-row-on'))
  tap(find(page, 'move-confirm'))

  // The outbox sends it on its own; the server then holds the household in 第二网格.
  const gridOnServer = async () => ((await call('GET', `/api/v1/households/${householdId}`, villageToken)).data as { gridId: string }).gridId
  for (let tries = 0; tries < 50 && (await gridOnServer()) !== GRID_B; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
  expect(await gridOnServer()).toBe(GRID_B)
  page.unload()
}, 30_000)
