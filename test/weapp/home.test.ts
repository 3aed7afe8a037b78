import { answerRequests, apiError, findAll, findByText, launchApp, openPage, tap, waitFor, waitForText, wx } from './harness'
import { GRID_CHANGES, GRID_ID, VILLAGE, answerPull, signedInWorkerStorage } from './fixtures'

/** Two changes left in the outbox by an earlier session without signal. */
const HOUSEHOLD_UPSERT = {
  id: 'a3c1e7d2-5b4f-4c6a-9e8d-1f2a3b4c5d01',
  type: 'household.upsert',
  payload: { id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e09', gridId: GRID_ID, address: { group: '五组', door: '12' }, note: '' },
  at: '2026-11-26T09:00:00.000Z'
}
const MEMBER_APP = {
  id: 'a3c1e7d2-5b4f-4c6a-9e8d-1f2a3b4c5d02',
  type: 'member.app',
  payload: { memberId: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e09', status: 'registered', alertsOn: true, evidence: 'in_person' },
  at: '2026-11-26T09:00:01.000Z'
}

const pushAnswer: (mutations: any[]) => unknown = () => 'network-error'

beforeAll(() => {
  launchApp({
    storage: { ...signedInWorkerStorage(), 'wuzha.outbox.pending': JSON.stringify([HOUSEHOLD_UPSERT, MEMBER_APP]) }
  })
  answerRequests((request) => {
    if (request.path === `/api/v1/grids`) {
      if (request.query.village !== VILLAGE) return apiError(404, 'NOT_FOUND', '村社区不存在或无权查看')
      return { data: { items: [{ id: GRID_ID, name: '第一网格', villageCode: VILLAGE, workers: [] }] } }
    }
    if (request.path === '/api/v1/sync/pull') return answerPull(request.query, GRID_CHANGES)
    if (request.path === '/api/v1/sync/push') return pushAnswer(request.data.mutations) as any
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('home shows the grid, its totals from the phone’s copy, and the changes still waiting from last time', async () => {
  const home = openPage('pages/home/index')
  await waitForText(home, '第一网格')
  expect(home.text()).toContain('张小明，您好')
  // The pulled grid's three households (2 of 6 eligible members registered: 1/2, 1/1, 0/3) and the
  // household waiting to be sent; the app status waiting is about a member this phone does not know.
  await waitFor(() => findAll(home, 'home-stat-value').map((el) => el.textContent.trim()).join('|') === '4|2 / 6|33.3%')
  expect(home.text()).toContain('1 户 · 2 条待同步')
  expect(home.text()).toContain('户列表')
  expect(home.text()).toContain('新增户')
  home.unload()
})

test('the waiting count opens the sync page', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const home = openPage('pages/home/index')
  await waitForText(home, '1 户 · 2 条待同步')
  tap(findByText(home, '1 户 · 2 条待同步'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect(navigateTo.mock.calls[0][0]).toMatchObject({ url: '/pages/sync/index' })
  home.unload()
})
