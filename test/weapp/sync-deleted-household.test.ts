import { answerRequests, apiError, findAll, launchApp, openPage, stored, tap, waitFor, waitForText, wx } from './harness'
import { signedInWorkerStorage, workerKey } from './fixtures'

/**
 * A change made offline about a household another phone deleted: the server refuses it saying when and
 * by whom (its answer as the sync push gives it), and the sync page's line says so and offers 放弃 alone,
 * since 重试 would only be refused again.
 */
const HOUSEHOLD_ID = '6e2a1d63-8b5f-4c9a-8a38-1b2c3d4e5f21'
const MEMBER_UPSERT = {
  id: 'c5e3a9f4-7d6b-4e8c-9a0f-3b4c5d6e7f01',
  type: 'member.upsert',
  payload: { id: '9b5d4a96-be8c-4fcd-9d6b-4e5f6a7b8c21', householdId: HOUSEHOLD_ID, name: '周桂芳', smartphone: 'yes' },
  at: '2026-11-30T09:00:00.000Z'
}
const DELETED = {
  code: 'NOT_FOUND',
  message: '该户已于 12月1日 14:05 被 王*明 删除',
  householdDeleted: { at: '2026-12-01T06:05:00.000Z', byNameMasked: '王*明' }
}

beforeAll(() => {
  launchApp({ storage: { ...signedInWorkerStorage(), [workerKey('outbox.pending')]: JSON.stringify([MEMBER_UPSERT]) } })
  answerRequests((request) => {
    if (request.path === '/api/v1/sync/push') {
      return { data: { results: request.data.mutations.map((m: { id: string }) => ({ id: m.id, status: 'rejected', error: DELETED })), cursor: '95' } }
    }
    if (request.path === '/api/v1/sync/pull') return { data: { changes: [], cursor: '95', hasMore: false } }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('the refused change says when and by whom the household was deleted, and offers only 放弃', async () => {
  // The app sends what waits as soon as it starts.
  const page = openPage('pages/sync/index')
  await waitForText(page, '未通过（1）')
  expect(page.text()).toContain('待同步（0）')
  expect(page.text()).toContain('保存成员：周桂芳')
  expect(page.text()).toContain('该户已于 12月1日 14:05 被 王*明 删除')
  expect(findAll(page, 'sync-discard')).toHaveLength(1)
  expect(findAll(page, 'sync-retry')).toHaveLength(0)

  const showModal = jest.spyOn(wx, 'showModal').mockImplementation((options: any) => {
    options.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' })
  })
  tap(findAll(page, 'sync-discard')[0])
  await waitForText(page, '未通过（0）')
  expect(showModal).toHaveBeenCalledTimes(1)
  await waitFor(() => stored(workerKey('outbox.rejected'))?.length === 0)
  page.unload()
})
