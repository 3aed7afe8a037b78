import { answerRequests, apiError, find, findAll, fire, launchApp, openPage, requests, tap, type, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { GRID_ID, HOUSEHOLDS, VILLAGE, answerHouseholdList, signedInWorkerStorage } from './fixtures'

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
})

/** A visit a few minutes ago: always in the current quarter, whatever day the tests run. */
const JUST_NOW = new Date(Date.now() - 5 * 60 * 1000).toISOString()
/** HOUSEHOLDS with the first one visited this quarter: 王*华 (1/2 registered) only lacks a registration. */
const LIST = [{ ...HOUSEHOLDS[0], lastVisitAt: JUST_NOW }, HOUSEHOLDS[1], HOUSEHOLDS[2]]

function answerList(query: Record<string, string>) {
  const answer = answerHouseholdList(query)
  if (!('data' in answer) || answer.status) return answer
  const ids = new Set((answer.data as { items: Array<{ id: string }> }).items.map((h) => h.id))
  // The fixture server knows one filter: only 李* (四组) has a member aged 60+.
  const items = LIST.filter((h) => ids.has(h.id) && (query.filter !== 'priority' || h.id === HOUSEHOLDS[2].id))
  return { data: { items, nextCursor: null } }
}

beforeEach(() => {
  requests.length = 0
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/households') return answerList(request.query)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

function cardTexts(page: LoadedPage): string[] {
  return findAll(page, 'household-card').map((card) => card.textContent!.replace(/\s+/g, ' '))
}

test('lists the households with what needs doing first: unvisited with unregistered members, unvisited, then the rest', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '三组 5栋 2单元 301号')

  const list = requests.filter((r) => r.path === '/api/v1/households')
  expect(list).toHaveLength(1)
  expect(list[0].query.grid).toBe(GRID_ID)
  expect(list[0].query.q).toBeUndefined()
  expect(list[0].query.filter).toBeUndefined()
  expect(list[0].header.Authorization).toBe('Bearer worker-token')

  // The server answered in address order (三组 5栋, 三组 6栋, 四组); the worker sees the needy first.
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

test('typing in the search box asks the server with q once typing stops', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '四组 村东头')
  requests.length = 0

  const search = find(page, 'households-search')
  type(search, '欧')
  type(search, '欧阳')
  await waitFor(() => findAll(page, 'household-card').length === 1)

  const searches = requests.filter((r) => r.path === '/api/v1/households')
  // Debounced: one request for the final text, not one per keystroke.
  expect(searches.map((r) => r.query.q)).toEqual(['欧阳'])
  expect(searches[0].query.grid).toBe(GRID_ID)
  expect(page.text()).toContain('欧**明')
  expect(page.text()).not.toContain('王*华')

  type(search, '没有这户')
  await waitForText(page, '没有找到符合条件的户')
  page.unload()
})

test('a filter chip asks the server with its filter; tapping it again shows all households', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '四组 村东头')
  requests.length = 0

  const lists = () => requests.filter((r) => r.path === '/api/v1/households')
  tap(chip(page, '重点人群'))
  await waitFor(() => findAll(page, 'household-card').length === 1)
  expect(lists().map((r) => r.query.filter)).toEqual(['priority'])
  expect(lists()[0].query.grid).toBe(GRID_ID)
  expect(cardTexts(page)[0]).toContain('四组 村东头')

  // One filter at a time: another chip replaces it.
  tap(chip(page, '本季未走访'))
  await waitFor(() => lists().length === 2)
  expect(lists()[1].query.filter).toBe('not_visited')

  tap(chip(page, '本季未走访'))
  await waitFor(() => lists().length === 3 && findAll(page, 'household-card').length === 3)
  expect(lists()[2].query.filter).toBeUndefined()
  page.unload()
})

test('tapping a household opens its detail page with its id', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockClear()
  const page = openPage('pages/households/index')
  await waitForText(page, '三组 6栋 1单元 102号')

  const card = findAll(page, 'household-card').find((el) => el.textContent!.includes('三组 6栋 1单元 102号'))!
  tap(within(card, 'household-card-address'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(`/pages/household/index?id=${HOUSEHOLDS[1].id}`)
  page.unload()
})

test('3,000 households: only the cards on screen are rendered, and scrolling fetches the next page by cursor', async () => {
  const many = Array.from({ length: 3000 }, (_, i) => ({
    ...HOUSEHOLDS[1],
    id: `5d1f0c52-7a4e-4b8e-9f27-${String(i).padStart(12, '0')}`,
    addressText: `五组 ${i + 1}号`,
    villageCode: VILLAGE
  }))
  answerRequests((request) => {
    if (request.path !== '/api/v1/households') return apiError(404, 'NOT_FOUND', '不存在')
    const start = Number(request.query.cursor ?? 0)
    const limit = Number(request.query.limit)
    const end = Math.min(start + limit, many.length)
    return { data: { items: many.slice(start, end), nextCursor: end < many.length ? String(end) : null } }
  })
  const page = openPage('pages/households/index')
  await waitForText(page, '五组 1号')
  const lists = () => requests.filter((r) => r.path === '/api/v1/households')
  const pageSize = Number(lists()[0].query.limit)
  expect(pageSize).toBeGreaterThanOrEqual(50)
  expect(lists()[0].query.cursor).toBeUndefined()
  await waitForText(page, `已加载 ${pageSize} 户`)
  expect(findAll(page, 'household-card').length).toBeLessThan(20)

  // Scrolling near the end of what is loaded asks for the next page.
  const scroller = find(page, 'nut-virtuallist')
  fire(scroller, 'scroll', { scrollTop: (pageSize - 5) * 106, scrollHeight: pageSize * 106, deltaY: 100 })
  await waitFor(() => lists().length === 2)
  expect(lists()[1].query.cursor).toBe(String(pageSize))
  await waitForText(page, `已加载 ${pageSize * 2} 户`)
  expect(findAll(page, 'household-card').length).toBeLessThan(20)
  page.unload()
})

function chip(page: LoadedPage, label: string): HTMLElement {
  const el = findAll(page, 'household-filter').find((candidate) => candidate.textContent!.trim() === label)
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
