import { answerRequests, apiError, findAll, launchApp, openPage, requests, stored, tap, waitFor, waitForText, wx } from './harness'
import { GRID_ID, signedInWorkerStorage, workerKey } from './fixtures'

/**
 * The sync page of the compiled mini-program: every change still waiting, each refused change with the
 * server's reason, and 重试 (the same change under a new id) / 放弃 (after asking) / 立即同步.
 */
const HOUSEHOLD_UPSERT = {
  id: 'b4d2f8e3-6c5a-4d7b-8f9e-2a3b4c5d6e01',
  type: 'household.upsert',
  payload: { id: '6e2a1d63-8b5f-4c9a-8a38-1b2c3d4e5f09', gridId: GRID_ID, address: { group: '七组', door: '3' }, note: '' },
  at: '2026-11-26T09:00:00.000Z'
}
const VISIT = {
  id: 'b4d2f8e3-6c5a-4d7b-8f9e-2a3b4c5d6e02',
  type: 'visit.record',
  payload: { id: '7f3b2e74-9c6a-4dab-9b49-2c3d4e5f6a10', householdId: HOUSEHOLD_UPSERT.payload.id, kind: 'in_person', at: '2026-11-26T09:05:00+08:00', actions: ['cases_explained'] },
  at: '2026-11-26T09:05:00.000Z'
}
const REFUSED_APP = {
  mutation: {
    id: 'b4d2f8e3-6c5a-4d7b-8f9e-2a3b4c5d6e03',
    type: 'member.app',
    payload: { memberId: '8a4c3f85-ad7b-4ebc-8c5a-3d4e5f6a7b11', status: 'registered', alertsOn: true, evidence: 'self_declared' },
    at: '2026-11-25T08:00:00.000Z'
  },
  error: { code: 'CONFLICT', message: '核实方式不能降级：已是当面核实' },
  rejectedAt: '2026-11-25T08:00:05.000Z'
}
const REFUSED_MEMBER = {
  mutation: {
    id: 'b4d2f8e3-6c5a-4d7b-8f9e-2a3b4c5d6e04',
    type: 'member.upsert',
    payload: { id: '8a4c3f85-ad7b-4ebc-8c5a-3d4e5f6a7b12', householdId: '6e2a1d63-8b5f-4c9a-8a38-1b2c3d4e5f99', name: '周桂芳', smartphone: 'yes' },
    at: '2026-11-25T08:01:00.000Z'
  },
  error: { code: 'NOT_FOUND', message: '户不存在或无权查看' },
  rejectedAt: '2026-11-25T08:01:05.000Z'
}

let online = false

beforeAll(() => {
  launchApp({
    // Stored by the version before keys were per user: the signed-in worker's outbox all the same.
    storage: {
      ...signedInWorkerStorage(),
      'wuzha.outbox.pending': JSON.stringify([HOUSEHOLD_UPSERT, VISIT]),
      'wuzha.outbox.rejected': JSON.stringify([REFUSED_APP, REFUSED_MEMBER])
    }
  })
  answerRequests((request) => {
    if (!online) return 'network-error'
    if (request.path === '/api/v1/sync/push') {
      return { data: { results: request.data.mutations.map((m: { id: string }) => ({ id: m.id, status: 'applied' })), cursor: '90' } }
    }
    if (request.path === '/api/v1/sync/pull') return { data: { changes: [], cursor: '90', hasMore: false } }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('lists the waiting changes and the refused ones with the server’s reasons', async () => {
  const page = openPage('pages/sync/index')
  await waitForText(page, '待同步（2）')
  expect(page.text()).toContain('保存户：七组 3号')
  expect(page.text()).toContain('走访记录：入户')
  expect(page.text()).toContain('未通过（2）')
  expect(page.text()).toContain('登记APP状态：已注册')
  expect(page.text()).toContain('核实方式不能降级：已是当面核实')
  expect(page.text()).toContain('保存成员：周桂芳')
  expect(page.text()).toContain('户不存在或无权查看')
  expect(page.text()).toContain('本机尚未同步过')
  page.unload()
})

test('立即同步 sends what waits; 重试 sends a refused change again under a new id', async () => {
  const page = openPage('pages/sync/index')
  await waitForText(page, '未通过（2）')
  online = true
  requests.length = 0

  tap(findAll(page, 'sync-now')[0])
  await waitForText(page, '待同步（0）')
  const pushed = requests.filter((r) => r.path === '/api/v1/sync/push').flatMap((push) => push.data.mutations)
  expect(pushed.map((m: { id: string }) => m.id)).toEqual([HOUSEHOLD_UPSERT.id, VISIT.id])
  expect(page.text()).toContain('今天')

  requests.length = 0
  tap(findAll(page, 'sync-retry')[0])
  await waitForText(page, '未通过（1）')
  await waitFor(() => requests.some((r) => r.path === '/api/v1/sync/push'))
  await waitForText(page, '待同步（0）')
  const [retry] = requests.filter((r) => r.path === '/api/v1/sync/push')
  expect(retry.data.mutations).toHaveLength(1)
  // Same change, new id: the server would only replay its earlier rejection for the old one.
  expect(retry.data.mutations[0]).toMatchObject({ type: 'member.app', payload: REFUSED_APP.mutation.payload })
  expect(retry.data.mutations[0].id).not.toBe(REFUSED_APP.mutation.id)
  expect(stored(workerKey('outbox.pending'))).toEqual([])
  expect(stored(workerKey('outbox.rejected'))).toEqual([REFUSED_MEMBER])
  page.unload()
})

test('放弃 asks first and drops the refused change only when confirmed', async () => {
  const page = openPage('pages/sync/index')
  await waitForText(page, '未通过（1）')
  const answers = [false, true]
  const showModal = jest.spyOn(wx, 'showModal').mockImplementation((options: any) => {
    const confirm = answers.shift()
    options.success?.({ confirm, cancel: !confirm, errMsg: 'showModal:ok' })
  })

  tap(findAll(page, 'sync-discard')[0])
  await waitFor(() => showModal.mock.calls.length === 1)
  expect(page.text()).toContain('未通过（1）')

  tap(findAll(page, 'sync-discard')[0])
  await waitForText(page, '未通过（0）')
  expect(showModal).toHaveBeenCalledTimes(2)
  expect(stored(workerKey('outbox.rejected'))).toEqual([])
  page.unload()
})
