import { answerRequests, apiError, findAll, findByText, launchApp, openPage, requests, stored, tap, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { MEMBERS, HOUSEHOLDS, gridServer, householdChange, signedInWorkerStorage, workerKey } from './fixtures'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
/** ISO 8601 with an offset (Z or ±hh:mm), as API.md wants times. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const TARGET = HOUSEHOLDS[2]

let app: any
beforeAll(() => {
  app = launchApp({ storage: signedInWorkerStorage() })
})

let online = true
/** The grid the list is pulled from; the visits pushed are in later pulls. */
const server = gridServer([...HOUSEHOLDS.map((household) => householdChange(household)), ...MEMBERS])
beforeEach(() => {
  requests.length = 0
  online = true
  answerRequests((request) => {
    if (!online) return 'network-error'
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return server.pull(request.query)
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') return server.push(request.data.mutations)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

function cardOf(page: LoadedPage, address: string): HTMLElement {
  const card = findAll(page, 'household-card').find((el) => el.textContent.includes(address))
  if (!card) throw new Error(`no card for ${address}: ${page.text().slice(0, 500)}`)
  return card
}

function within(el: HTMLElement, className: string): HTMLElement {
  const found = Array.from(el.querySelectorAll<HTMLElement>('*')).find((candidate) =>
    (candidate.getAttribute('class') ?? '').split(/\s+/).some((name) => name === className || name.endsWith(`--${className}`))
  )
  if (!found) throw new Error(`no ${className} in ${el.textContent}`)
  return found
}

function pushes() {
  return requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/sync/push')
}

/** The visits the app has recorded, by mutation id: waiting in its outbox or already pushed. */
function recordedVisits(): Map<string, any> {
  const waiting = stored(workerKey('outbox.pending')) ?? []
  const pushed = pushes().flatMap((push) => push.data.mutations)
  return new Map([...waiting, ...pushed].filter((m: any) => m.type === 'visit.record').map((m: any) => [m.id, m]))
}

/**
 * Native dialogs the worker would have to answer. miniprogram-simulate's mock answers them by itself
 * (showModal confirms), so each one called during a flow is a tap the test never makes.
 */
function watchNativeDialogs() {
  return [jest.spyOn(wx, 'showModal'), jest.spyOn(wx, 'showActionSheet')].map((dialog) => dialog.mockClear())
}

// A flow's tap count is what the worker must hit before the visit exists: nothing is recorded until the
// last counted tap, which records it, and no native dialog adds a tap on the way. A flow that needs
// one more tap fails at the last one; one that records sooner fails before it.

test('from the list, four taps record an in-person visit with the chosen actions', async () => {
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  const page = openPage('pages/households/index')
  await waitForText(page, TARGET.addressText)
  expect(cardOf(page, TARGET.addressText).textContent).toContain('尚未走访')
  const dialogs = watchNativeDialogs()

  tap(within(cardOf(page, TARGET.addressText), 'household-card-visit')) // 1: 走访
  await waitForText(page, '记录走访')
  expect(isChosen(page, '讲解典型案例') && isChosen(page, '发放宣传资料') && isChosen(page, '入户')).toBe(true)
  expect(isChosen(page, '签署反诈承诺书')).toBe(false)
  expect(recordedVisits().size).toBe(0)
  tap(findByText(page, '签署反诈承诺书')) // 2: add an action
  await waitFor(() => isChosen(page, '签署反诈承诺书'))
  expect(recordedVisits().size).toBe(0)
  tap(findByText(page, '发放宣传资料')) // 3: drop a preselected one
  await waitFor(() => !isChosen(page, '发放宣传资料'))
  expect(recordedVisits().size).toBe(0)
  tap(findByText(page, '保存')) // 4: records it

  const [push] = await waitFor(() => pushes().length === 1 && pushes())
  expect(recordedVisits().size).toBe(1)
  expect(push.data.mutations).toHaveLength(1)
  const [mutation] = push.data.mutations
  expect(mutation.type).toBe('visit.record')
  expect(mutation.id).toMatch(UUID_V4)
  expect(mutation.payload).toEqual({
    id: expect.stringMatching(UUID_V4),
    householdId: TARGET.id,
    kind: 'in_person',
    at: expect.stringMatching(ISO_WITH_OFFSET),
    actions: ['cases_explained', 'pledge_signed']
  })
  expect(mutation.payload.id).not.toBe(mutation.id)
  expect(Math.abs(Date.parse(mutation.payload.at) - Date.now())).toBeLessThan(60_000)

  await waitFor(() => showToast.mock.calls.length > 0)
  expect((showToast.mock.calls[0][0] as any).title).toBe('已记录')
  for (const dialog of dialogs) expect(dialog).not.toHaveBeenCalled()
  // The card shows the visit at once; the sheet has closed.
  await waitFor(() => !cardOf(page, TARGET.addressText).textContent.includes('尚未走访'))
  expect(cardOf(page, TARGET.addressText).textContent).toContain('最近走访')
  await waitFor(() => !page.text().includes('记录走访'))
  page.unload()
})

test('two taps suffice for the usual visit: 入户 with 讲解典型案例 and 发放宣传资料 preselected', async () => {
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  const page = openPage('pages/households/index')
  await waitForText(page, TARGET.addressText)
  const dialogs = watchNativeDialogs()

  tap(within(cardOf(page, TARGET.addressText), 'household-card-visit')) // 1: 走访
  await waitForText(page, '记录走访')
  expect(recordedVisits().size).toBe(0)
  tap(findByText(page, '保存')) // 2: records it

  const [push] = await waitFor(() => pushes().length === 1 && pushes())
  expect(recordedVisits().size).toBe(1)
  expect(push.data.mutations[0].payload).toMatchObject({
    householdId: TARGET.id,
    kind: 'in_person',
    actions: ['cases_explained', 'materials_given']
  })
  await waitFor(() => showToast.mock.calls.length > 0)
  for (const dialog of dialogs) expect(dialog).not.toHaveBeenCalled()
  page.unload()
})

test('without signal the visit is kept in the outbox, the sheet says 已记录，待同步 and the list shows the waiting count', async () => {
  online = false
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  const page = openPage('pages/households/index')
  await waitForText(page, HOUSEHOLDS[1].addressText)

  tap(within(cardOf(page, HOUSEHOLDS[1].addressText), 'household-card-visit'))
  await waitForText(page, '记录走访')
  tap(findByText(page, '电话'))
  await waitFor(() => isChosen(page, '电话'))
  tap(findByText(page, '保存'))

  await waitFor(() => showToast.mock.calls.length > 0, { timeout: 5000 })
  expect((showToast.mock.calls[0][0] as any).title).toBe('已记录，待同步')
  const waiting = stored(workerKey('outbox.pending'))
  expect(waiting).toHaveLength(1)
  expect(waiting[0].type).toBe('visit.record')
  expect(waiting[0].payload).toMatchObject({ householdId: HOUSEHOLDS[1].id, kind: 'phone' })
  expect(cardOf(page, HOUSEHOLDS[1].addressText).textContent).toContain('最近走访')
  // The list itself says a change waits, not only the home screen.
  await waitForText(page, '1 条待同步')

  // Signal returns and the worker brings the app back to the foreground: the same mutation goes out.
  online = true
  app.onShow({ path: 'pages/households/index', query: {}, scene: 1001 })
  await waitFor(() => stored(workerKey('outbox.pending')).length === 0, { timeout: 8000 })
  expect(pushes()[pushes().length - 1].data.mutations.map((m: any) => m.id)).toEqual([waiting[0].id])
  await waitFor(() => !page.text().includes('条待同步'))
  page.unload()
}, 15000)

/** Whether a choice button (NutUI Checkbox/Radio with shape button) shows as chosen. */
function isChosen(page: LoadedPage, label: string): boolean {
  let el: HTMLElement | null = findByText(page, label)
  for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
    if (/-button-active\b/.test(el.getAttribute('class') ?? '')) return true
  }
  return false
}
