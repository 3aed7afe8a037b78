import { answerRequests, apiError, find, findAll, launchApp, openPage, requests, tap, type, waitFor, waitForText, wx } from './harness'
import { GRID_ID, HOUSEHOLDS, answerHouseholdList, signedInWorkerStorage } from './fixtures'

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
})

beforeEach(() => {
  requests.length = 0
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/households') return answerHouseholdList(request.query)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('lists the grid worker’s households with masked head names and registration counts', async () => {
  const page = openPage('pages/households/index')
  await waitForText(page, '三组 5栋 2单元 301号')

  const list = requests.filter((r) => r.path === '/api/v1/households')
  expect(list).toHaveLength(1)
  expect(list[0].query.grid).toBe(GRID_ID)
  expect(list[0].query.q).toBeUndefined()
  expect(list[0].header.Authorization).toBe('Bearer worker-token')

  const cards = findAll(page, 'household-card').map((card) => card.textContent!.replace(/\s+/g, ' '))
  expect(cards).toHaveLength(3)
  expect(cards[0]).toContain('户主 王*华')
  expect(cards[0]).toContain('3 人')
  expect(cards[0]).toContain('已注册 1/2')
  expect(cards[0]).toContain('最近走访 2026-11-20')
  expect(cards[1]).toContain('户主 欧**明')
  expect(cards[1]).toContain('尚未走访')
  expect(cards[2]).toContain('已注册 0/3')
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

test('tapping a household opens its edit page with its id', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  const page = openPage('pages/households/index')
  await waitForText(page, '三组 6栋 1单元 102号')

  tap(findAll(page, 'household-card')[1])
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(`/pages/household-edit/index?id=${HOUSEHOLDS[1].id}`)
  page.unload()
})
