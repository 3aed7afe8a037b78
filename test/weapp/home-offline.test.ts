import { answerRequests, apiError, find, findAll, findByText, launchApp, openPage, stored, tap, type, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { GRID_CHANGES, GRID_ID, VILLAGE, gridServer, signedInWorkerStorage, storedGridCopy, workerKey } from './fixtures'

/**
 * The home screen counts the phone's copy of the grid with the changes not yet sent on top: without
 * signal a household saved with its members counts at once, and the waiting count names the households
 * as well as the changes; once sent, the count of waiting changes goes and the household stays counted.
 */
let app: any
let online = true
const server = gridServer(GRID_CHANGES)

beforeAll(() => {
  app = launchApp({ storage: signedInWorkerStorage() })
  answerRequests((request) => {
    if (!online) return 'network-error'
    if (request.path === '/api/v1/grids') {
      if (request.query.village !== VILLAGE) return apiError(404, 'NOT_FOUND', '村社区不存在或无权查看')
      return { data: { items: [{ id: GRID_ID, name: '第一网格', villageCode: VILLAGE, workers: [] }] } }
    }
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return server.pull(request.query)
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') return server.push(request.data.mutations)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

const figures = (page: LoadedPage) => findAll(page, 'home-stat-value').map((el) => el.textContent.trim())

async function addMember(edit: LoadedPage, name: string, birthYear: string, registered: boolean) {
  tap(findByText(edit, '添加成员'))
  await waitFor(() => find(edit, 'member-name'))
  type(find(edit, 'member-name'), name)
  type(find(edit, 'member-birth-year'), birthYear)
  if (registered) {
    tap(findByText(edit, '已注册'))
    await waitFor(() => find(edit, 'app-alerts'))
  }
  tap(findByText(edit, '完成'))
  await waitForText(edit, name)
}

test('offline, a household saved with members counts on the home screen at once, with 1 户 · 4 条待同步; after the sync the count goes', async () => {
  const home = openPage('pages/home/index')
  await waitForText(home, '第一网格')
  // Three households; 2 of 6 eligible members registered (fixtures: 1/2, 1/1, 0/3).
  await waitFor(() => figures(home).join('|') === '3|2 / 6|33.3%')
  expect(home.text()).toContain('已全部同步')

  online = false
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  const edit = openPage('pages/household-edit/index')
  await waitForText(edit, '添加成员')
  type(find(edit, 'address-group'), '七组')
  type(find(edit, 'address-door'), '9')
  await addMember(edit, '赵大山', '1970', true)
  await addMember(edit, '赵小丽', '1975', false)
  tap(findByText(edit, '保存'))
  await waitFor(() => showToast.mock.calls.length > 0, { timeout: 5000 })
  expect((showToast.mock.calls[0][0] as any).title).toBe('已保存，待同步')
  expect(stored(workerKey('outbox.pending')).map((m: any) => m.type)).toEqual(['household.upsert', 'member.upsert', 'member.upsert', 'member.app'])
  edit.unload()

  // Four households; 3 of 8 eligible members registered; one household, four changes wait.
  await waitFor(() => figures(home).join('|') === '4|3 / 8|37.5%')
  await waitForText(home, '1 户 · 4 条待同步')
  // Opened afresh without signal, the home screen says the same, its grid named from memory.
  home.unload()
  const again = openPage('pages/home/index')
  await waitForText(again, '1 户 · 4 条待同步')
  expect(again.text()).toContain('第一网格')
  expect(figures(again)).toEqual(['4', '3 / 8', '37.5%'])

  online = true
  app.onShow({ path: 'pages/home/index', query: {}, scene: 1001 })
  await waitFor(() => stored(workerKey('outbox.pending')).length === 0, { timeout: 8000 })
  await waitForText(again, '已全部同步')
  expect(again.text()).not.toContain('条待同步')
  // Sent and pulled back: still counted.
  await waitFor(() => Object.keys(storedGridCopy(stored(workerKey(`grid.${GRID_ID}`))).grid.households).length === 4)
  expect(figures(again)).toEqual(['4', '3 / 8', '37.5%'])
  again.unload()
}, 30000)
