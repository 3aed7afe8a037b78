import dayjs from 'dayjs'
import { answerRequests, apiError, findAll, findByText, launchApp, openPage, relaunchApp, requests, stored, tap, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { GRID_CHANGES, GRID_ID, HOUSEHOLDS, gridServer, signedInWorkerStorage, storedGridCopy, workerKey } from './fixtures'

/**
 * A visit recorded on the phone shows as the household's last visit — on its card in the list and in
 * its page's header — without signal, once sent, once pulled back (the server logs the visit alone, not
 * its household) and after the app is killed and opened again with its storage.
 */
const TARGET = HOUSEHOLDS[2]

let app: any
let online = true
let pullsAnswer = true
const server = gridServer(GRID_CHANGES)

beforeAll(() => {
  app = launchApp({ storage: signedInWorkerStorage() })
  answerRequests((request) => {
    if (!online) return 'network-error'
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return pullsAnswer ? server.pull(request.query) : 'network-error'
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') return server.push(request.data.mutations)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

function cardOf(page: LoadedPage): HTMLElement {
  const card = findAll(page, 'household-card').find((el) => el.textContent.includes(TARGET.addressText))
  if (!card) throw new Error(`no card for ${TARGET.addressText}: ${page.text().slice(0, 500)}`)
  return card
}

/** The household page's header line: 已注册 x/y · 最近走访 date (or 尚未走访). */
function headerOf(page: LoadedPage): string {
  return page.text().slice(0, page.text().indexOf('记录走访'))
}

async function expectVisitShown(list: LoadedPage, household: LoadedPage, date: string) {
  await waitFor(() => cardOf(list).textContent.includes(`最近走访 ${date}`))
  expect(cardOf(list).textContent).not.toContain('本季未走访')
  await waitFor(() => headerOf(household).includes(`最近走访 ${date}`))
  expect(headerOf(household)).not.toContain('尚未走访')
}

test('the visit date shows on the card and the page offline, after the sync, after the pull and after a relaunch', async () => {
  const list = openPage('pages/households/index')
  await waitForText(list, TARGET.addressText)
  expect(cardOf(list).textContent).toContain('尚未走访')
  const household = openPage('pages/household/index', { id: TARGET.id })
  await waitForText(household, '李强')
  expect(headerOf(household)).toContain('尚未走访')

  // Without signal: recorded, waiting, shown at once.
  online = false
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  tap(findByText(household, '记录走访'))
  await waitForText(household, '做了什么')
  tap(findByText(household, '保存'))
  await waitFor(() => showToast.mock.calls.length > 0, { timeout: 5000 })
  expect((showToast.mock.calls[0][0] as any).title).toBe('已记录，待同步')
  const [visit] = stored(workerKey('outbox.pending'))
  const date = dayjs(visit.payload.at).format('YYYY-MM-DD')
  await expectVisitShown(list, household, date)

  // Signal returns and the app comes back to the foreground: the visit is sent, the pull gets no answer.
  online = true
  pullsAnswer = false
  app.onShow({ path: 'pages/household/index', query: {}, scene: 1001 })
  await waitFor(() => stored(workerKey('outbox.pending')).length === 0, { timeout: 8000 })
  await expectVisitShown(list, household, date)

  // The pull brings the visit back: only the visit, as the server logs it.
  pullsAnswer = true
  requests.length = 0
  app.onShow({ path: 'pages/household/index', query: {}, scene: 1001 })
  await waitFor(() => storedGridCopy(stored(workerKey(`grid.${GRID_ID}`))).grid.visits[visit.payload.id], { timeout: 8000 })
  const pulled = requests.filter((r) => r.path === '/api/v1/sync/pull')
  expect(pulled.length).toBeGreaterThan(0)
  await expectVisitShown(list, household, date)

  // WeChat kills the app; opened again without signal, it shows the same from storage.
  list.unload()
  household.unload()
  online = false
  relaunchApp()
  const listAgain = openPage('pages/households/index')
  await waitForText(listAgain, TARGET.addressText)
  const householdAgain = openPage('pages/household/index', { id: TARGET.id })
  await waitForText(householdAgain, '李强')
  await expectVisitShown(listAgain, householdAgain, date)
  // Visited this quarter: not under 本季未走访 any more.
  listAgain.unload()
  householdAgain.unload()
}, 30000)
