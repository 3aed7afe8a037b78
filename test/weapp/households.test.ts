import { answerRequests, apiError, find, findAll, findByText, fire, launchApp, openPage, requests, stored, tap, type, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { GRID_ID, HOUSEHOLDS, MEMBERS, VILLAGE, answerPull, householdChange, memberChange, signedInWorkerStorage, visitChange, workerKey } from './fixtures'

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
})

/** A visit a few minutes ago: always in the current quarter, whatever day the tests run. */
const JUST_NOW = new Date(Date.now() - 5 * 60 * 1000).toISOString()
/**
 * The grid as GET /sync/pull sends it, in address order (the server's order), with the first household
 * visited this quarter: 王*华 (1/2 registered) only lacks a registration.
 */
const GRID = [...HOUSEHOLDS.map((household) => householdChange(household)), ...MEMBERS, visitChange({ id: 'a1b2c3d4-0000-4000-8000-0000000000b1', householdId: HOUSEHOLDS[0].id, at: JUST_NOW })]

beforeEach(() => {
  requests.length = 0
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return answerPull(request.query, GRID)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

/** Every household is read from the phone's copy of the grid: the list never asks GET /households. */
const listRequests = () => requests.filter((r) => r.path.startsWith('/api/v1/households'))

function cardTexts(page: LoadedPage): string[] {
  return findAll(page, 'household-card').map((card) => card.textContent.replace(/\s+/g, ' '))
}

test('lists the households with what needs doing first: unvisited with unregistered members, unvisited, then the rest', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '三组 5栋 2单元 301号')

  // Before the first pull the phone has nothing: the list comes from the grid's GET /sync/pull.
  const pulls = requests.filter((r) => r.path === '/api/v1/sync/pull')
  expect(pulls.length).toBeGreaterThanOrEqual(1)
  expect(pulls[0].query.grid).toBe(GRID_ID)
  expect(pulls[0].query.since).toBe('0')
  expect(pulls[0].header.Authorization).toBe('Bearer worker-token')
  expect(listRequests()).toHaveLength(0)
  expect(stored(workerKey(`grid.${GRID_ID}`)).cursor).toBe('10')

  // The pull came in address order (三组 5栋, 三组 6栋, 四组); the worker sees the needy first.
  const cards = cardTexts(page)
  expect(cards).toHaveLength(3)
  expect(cards[0]).toContain('四组 村东头')
  expect(cards[0]).toContain('户主 李*')
  expect(cards[0]).toContain('已注册 0/3')
  expect(cards[0]).toContain('尚未走访')
  expect(cards[1]).toContain('户主 欧**明')
  expect(cards[1]).toContain('已注册 1/1')
  expect(cards[2]).toContain('户主 王*华')
  expect(cards[2]).toContain('3 人')
  expect(cards[2]).toContain('已注册 1/2')
  expect(cards[2]).toContain('最近走访 ')
  expect(cards[2]).not.toContain('本季未走访')
  page.unload()
})

test('typing in the search box searches member names and addresses on the phone once typing stops', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '四组 村东头')
  requests.length = 0

  const search = find(page, 'households-search')
  type(search, '欧')
  type(search, '欧阳')
  // 欧阳志明 is the full name of a member (the card shows 欧**明): searched like the server does.
  await waitFor(() => findAll(page, 'household-card').length === 1)
  expect(page.text()).toContain('欧**明')
  expect(page.text()).not.toContain('王*华')

  // The address too.
  type(search, '四组')
  await waitFor(() => findAll(page, 'household-card').length === 1 && page.text().includes('户主 李*'))

  type(search, '没有这户')
  await waitForText(page, '没有找到符合条件的户')
  expect(listRequests()).toHaveLength(0)
  page.unload()
})

test('the filter chips combine on the phone with the server’s meaning: each toggles, 全部 clears them', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '四组 村东头')
  requests.length = 0
  const active = () => findAll(page, 'household-filter').filter((el) => /\bactive\b/.test(el.getAttribute('class') ?? '')).map((el) => el.textContent.trim())

  // Only 李强 (四组) is 60 or older.
  tap(chip(page, '重点人群'))
  await waitFor(() => findAll(page, 'household-card').length === 1)
  expect(cardTexts(page)[0]).toContain('四组 村东头')

  // A second chip adds to the first: priority and not visited this quarter is still 四组 alone.
  tap(chip(page, '本季未走访'))
  await waitFor(() => active().length === 2)
  expect(active()).toEqual(['重点人群', '本季未走访'])
  expect(findAll(page, 'household-card')).toHaveLength(1)

  // Tapping an active chip turns it off: not visited alone (王*华 was visited this quarter).
  tap(chip(page, '重点人群'))
  await waitFor(() => findAll(page, 'household-card').length === 2)
  expect(page.text()).not.toContain('王*华')

  // Not visited and some eligible member not registered: 李* (0/3), not 欧**明 (1/1).
  tap(chip(page, '未注册'))
  await waitFor(() => findAll(page, 'household-card').length === 1)
  expect(active()).toEqual(['未注册', '本季未走访'])
  expect(cardTexts(page)[0]).toContain('四组 村东头')

  tap(chip(page, '全部'))
  await waitFor(() => findAll(page, 'household-card').length === 3)
  expect(active()).toEqual(['全部'])
  expect(listRequests()).toHaveLength(0)
  page.unload()
})

test('tapping a household opens its detail page with its id', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockClear()
  const page = openPage('pages/households/index')
  await waitForText(page, '三组 6栋 1单元 102号')

  const card = findAll(page, 'household-card').find((el) => el.textContent.includes('三组 6栋 1单元 102号'))!
  tap(within(card, 'household-card-address'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(`/pages/household/index?id=${HOUSEHOLDS[1].id}`)
  page.unload()
})

test('without signal the list shows the phone’s copy with a 离线 hint', async () => {
  answerRequests(() => 'network-error')
  const page = openPage('pages/households/index')
  await waitForText(page, '离线')
  expect(findAll(page, 'household-card')).toHaveLength(3)
  expect(page.text()).toContain('共 3 户')
  page.unload()
})

test('a household saved without signal is in the list at once, and its page opens without signal', async () => {
  answerRequests(() => 'network-error')
  const list = openPage('pages/households/index')
  await waitForText(list, '离线')
  const edit = openPage('pages/household-edit/index')
  await waitForText(edit, '添加成员')
  type(find(edit, 'address-group'), '七组')
  type(find(edit, 'address-door'), '9')
  tap(findByText(edit, '添加成员'))
  await waitFor(() => find(edit, 'member-name'))
  type(find(edit, 'member-name'), '赵大山')
  type(find(edit, 'member-birth-year'), '1970')
  tap(findByText(edit, '完成'))
  await waitForText(edit, '赵大山')
  tap(findByText(edit, '保存'))
  await waitFor(() => stored(workerKey('outbox.pending')).length === 2)
  edit.unload()

  await waitForText(list, '七组 9号')
  const card = findAll(list, 'household-card').find((el) => el.textContent.includes('七组 9号'))!
  expect(card.textContent).toContain('户主 赵*山')
  expect(list.text()).toContain('共 4 户')
  // Found by the member's full name, on the phone.
  type(find(list, 'households-search'), '大山')
  await waitFor(() => findAll(list, 'household-card').length === 1)
  list.unload()

  const householdId = stored(workerKey('outbox.pending'))[0].payload.id
  const detail = openPage('pages/household/index', { id: householdId })
  await waitForText(detail, '赵大山')
  expect(detail.text()).toContain('七组 9号')
  expect(detail.text()).toContain('家庭成员（1人）')
  expect(listRequests()).toHaveLength(0)
  detail.unload()
}, 10000)

test('3,000 households: only the cards on screen are rendered, and scrolling asks the server nothing', async () => {
  const many = Array.from({ length: 3000 }, (_, i) =>
    householdChange({
      ...HOUSEHOLDS[1],
      id: `5d1f0c52-7a4e-4b8e-9f27-${String(i).padStart(12, '0')}`,
      addressText: `五组 ${i + 1}号`,
      address: { group: '五组', door: String(i + 1) },
      villageCode: VILLAGE
    })
  )
  answerRequests((request) => {
    if (request.path !== '/api/v1/sync/pull') return apiError(404, 'NOT_FOUND', '不存在')
    // What changed since the last pull: 3,000 more households.
    return answerPull(request.query, many, '20')
  })
  const page = openPage('pages/households/index')
  await waitForText(page, '五组 1号')
  const total = findAll(page, 'household-card').length
  await waitForText(page, '户 · 待办在前')
  expect(Number(/共 (\d+) 户/.exec(page.text())![1])).toBeGreaterThan(3000)
  expect(total).toBeLessThan(20)

  // The whole grid is on the phone: scrolling renders other cards and fetches nothing.
  requests.length = 0
  const scroller = find(page, 'nut-virtuallist')
  // A card and the gap under it: HOUSEHOLD_CARD_HEIGHT (112) + 10.
  fire(scroller, 'scroll', { scrollTop: 1500 * 122, scrollHeight: 3000 * 122, deltaY: 100 })
  await waitFor(() => findAll(page, 'household-card').some((card) => /五组 1[45]\d\d号/.test(card.textContent)))
  expect(findAll(page, 'household-card').length).toBeLessThan(20)
  expect(listRequests()).toHaveLength(0)
  page.unload()
})

test('a household with nobody to register says so in grey instead of an orange 已注册 0/0', async () => {
  // Runs last: the phone keeps this household in its copy of the grid.
  const childOnly = { ...HOUSEHOLDS[1], id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e09', addressText: '六组 1号', address: { group: '六组', door: '1' } }
  const child = memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f99', householdId: childOnly.id, name: '赵小宝', birthYear: 2020, isHead: true })
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return answerPull(request.query, [householdChange(childOnly), child], '21')
    return apiError(404, 'NOT_FOUND', '不存在')
  })
  const page = openPage('pages/households/index')
  await waitForText(page, '户 · 待办在前')
  type(find(page, 'households-search'), '六组')
  await waitFor(() => findAll(page, 'household-card').length === 1)
  const card = cardTexts(page)[0]
  expect(card).toContain('六组 1号')
  expect(card).toContain('无需注册')
  expect(card).not.toContain('0/0')
  const state = findAll(page, 'household-card-registered').find((el) => el.textContent === '无需注册')!
  expect(state.className).toContain('none')
  page.unload()
})

function chip(page: LoadedPage, label: string): HTMLElement {
  const el = findAll(page, 'household-filter').find((candidate) => candidate.textContent.trim() === label)
  if (!el) throw new Error(`no filter chip ${label}`)
  return el
}

/** The first element inside `el` with the class (Taro prefixes it with `page--`/`comp--`). */
function within(el: HTMLElement, className: string): HTMLElement {
  const found = Array.from(el.querySelectorAll<HTMLElement>('*')).find((candidate) =>
    (candidate.getAttribute('class') ?? '').split(/\s+/).some((name) => name === className || name.endsWith(`--${className}`))
  )
  if (!found) throw new Error(`no ${className} in ${el.textContent}`)
  return found
}

