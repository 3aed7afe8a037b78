import { GRID_A, GRID_B, PASSWORD, USERS, VILLAGE } from '../server/fixtures'
import { answerRequests, find, findAll, findByText, launchApp, openPage, tap, type, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { forward, startRealServer, type RealServer, callServer } from './realServer'
import { signedInStorage } from './fixtures'

/**
 * The village admin's 网格管理 and 邀请码 pages on the compiled app, against the real server (its test
 * world: 商会社区 with 第一网格 (张小明) and 第二网格 (赵丽)): what the pages do is what the server then holds.
 */
let server: RealServer
let villageToken: string
/** The household the 调整网格 test enters (as 张小明) and moves; the village's only household after it. */
const MOVED_HOUSEHOLD = '7a0e3c1d-2b4f-4c6a-8d9e-0f1a2b3c4d5e'

/** A request to the real server as `token`, outside the app. */
function call(method: string, path: string, token: string | null, data?: unknown) {
  return callServer(server.baseUrl, method, path, token, data)
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

test('调整网格: the move goes through the outbox as household.move; the household page shows the new grid at once and after the push', async () => {
  const worker = (await call('POST', '/api/v1/auth/password', null, { username: USERS.worker.username, password: PASSWORD })).data as { token: string }
  const pushed = await call('POST', '/api/v1/sync/push', worker.token, {
    clientId: '7a0e3c1d-2b4f-4c6a-8d9e-0f1a2b3c4d00',
    mutations: [{ id: '7a0e3c1d-2b4f-4c6a-8d9e-0f1a2b3c4d01', type: 'household.upsert', payload: { id: MOVED_HOUSEHOLD, gridId: GRID_A, address: { group: '七组', door: '9' } }, at: '2026-11-15T02:00:00.000Z' }]
  })
  expect((pushed.data as { results: { status: string }[] }).results[0].status).toBe('applied')

  // The app's pushes wait until released, so what the household page shows meanwhile is not the server's.
  let releasePush = () => {}
  const pushHeld = new Promise<void>((resolve) => (releasePush = resolve))
  let pushAnswered = false
  let readsAfterPush = 0
  answerRequests(async (request) => {
    if (request.path === `/api/v1/households/${MOVED_HOUSEHOLD}` && pushAnswered) readsAfterPush++
    if (request.path !== '/api/v1/sync/push') return forward(server.baseUrl, request)
    await pushHeld
    const answer = await forward(server.baseUrl, request)
    pushAnswered = true
    return answer
  })

  const household = openPage('pages/household/index', { id: MOVED_HOUSEHOLD })
  await waitForText(household, '所在网格：第一网格（张小明）')
  household.instance.onHide?.()

  jest.spyOn(wx, 'navigateBack').mockImplementation((options: any) => options?.success?.({ errMsg: 'navigateBack:ok' }))
  const page = openPage('packages/village/pages/move/index', { id: MOVED_HOUSEHOLD })
  await waitForText(page, '七组 9号')
  // The household comes from the local store, the grid names from GET /grids a moment later.
  await waitForText(page, '现在所在网格：第一网格')
  tap(findByText(page, '第二网格（赵丽）'))
  await waitFor(() => find(page, 'pick-row-on'))
  tap(find(page, 'move-confirm'))
  page.unload()

  // Back on the household page: the new grid, though the server still has the household in 第一网格.
  household.instance.onShow()
  await waitForText(household, '所在网格：第二网格（赵丽）')
  const gridOnServer = async () => ((await call('GET', `/api/v1/households/${MOVED_HOUSEHOLD}`, villageToken)).data as { gridId: string }).gridId
  expect(await gridOnServer()).toBe(GRID_A)

  // The outbox sends it on its own; the server then holds the household in 第二网格, and the page, read again, still shows it there.
  releasePush()
  for (let tries = 0; tries < 50 && (await gridOnServer()) !== GRID_B; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
  expect(await gridOnServer()).toBe(GRID_B)
  await waitFor(() => readsAfterPush > 0)
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(household.text()).toContain('所在网格：第二网格（赵丽）')
  household.unload()
  answerRequests((request) => forward(server.baseUrl, request))
}, 30_000)

test('本村评分: the explained score, with the gap list’s households by address opening the household page', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const page = openPage('packages/village/pages/score/index')
  await waitForText(page, '各项指标')
  expect(find(page, 'village-status').textContent).toMatch(/创建中|达标|一票否决/)
  expect(page.text()).toMatch(/评分规则第\d+版/)
  const indicators = findAll(page, 'indicator')
  expect(indicators).toHaveLength(6)
  for (const indicator of indicators) expect(indicator.textContent.replace(/\s+/g, '')).toMatch(/\d+\/\d+=\d+\.\d%/)

  // The one household of the village (moved above), never visited: listed by its address.
  const candidate = await waitFor(() => findAll(page, 'gap-candidate').find((el) => el.textContent.includes('七组 9号')))
  tap(candidate)
  await waitFor(() => navigateTo.mock.calls.length === 1)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(`/pages/household/index?id=${MOVED_HOUSEHOLD}`)
  navigateTo.mockRestore()
  page.unload()
}, 30_000)

test('网格管理: an assignment leaving a worker with no grid asks first, and the page lists workers without a grid', async () => {
  const showModal = jest.spyOn(wx, 'showModal')
  const page = openPage('packages/village/pages/grids/index')
  await waitForText(page, '第二网格')
  expect(findAll(page, 'gridless-workers')).toHaveLength(0)

  // 张小明 looks after 第一网格 only: taking him off it asks, and 取消 saves nothing.
  showModal.mockClear().mockImplementationOnce((options: any) => options.success?.({ confirm: false, cancel: true }))
  tap(buttonIn(cardOf(page, '第一网格'), 'grid-assign'))
  await waitFor(() => find(page, 'pick-row-on'))
  tap(findAll(page, 'pick-row-on').find((el) => el.textContent.includes('张小明'))!)
  await waitFor(() => findAll(page, 'pick-row-on').length === 0)
  tap(find(page, 'grid-assign-save'))
  await waitFor(() => showModal.mock.calls.length === 1)
  expect((showModal.mock.calls[0][0] as any).content).toBe('张小明将没有负责的网格，看不到任何住户。确定保存？')
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(find(page, 'grid-assign-save')).toBeTruthy()
  const firstGrid = async () => ((await call('GET', `/api/v1/grids?village=${VILLAGE}`, villageToken)).data as { items: { id: string; workers: { name: string }[] }[] }).items.find((grid) => grid.id === GRID_A)!
  expect((await firstGrid()).workers.map((worker) => worker.name)).toEqual(['张小明'])

  // 保存 (the modal confirmed) saves, and 张小明 is listed as having no grid.
  tap(find(page, 'grid-assign-save'))
  await waitFor(() => showModal.mock.calls.length === 2)
  await waitFor(() => find(page, 'gridless-workers'))
  expect(find(page, 'gridless-workers').textContent).toContain('张小明')
  expect((await firstGrid()).workers).toEqual([])

  // Given a grid again (no question asked for adding), he leaves the list.
  tap(buttonIn(cardOf(page, '第一网格'), 'grid-assign'))
  tap(await waitFor(() => findAll(page, 'pick-row').find((el) => el.textContent.includes('张小明'))))
  await waitFor(() => find(page, 'pick-row-on'))
  tap(find(page, 'grid-assign-save'))
  await waitFor(() => findAll(page, 'gridless-workers').length === 0)
  expect(showModal.mock.calls).toHaveLength(2)
  expect((await firstGrid()).workers.map((worker) => worker.name)).toEqual(['张小明'])
  page.unload()
}, 30_000)
