import { answerRequests, apiError, findAll, findByText, launchApp, openPage, requests, stored, tap, type, waitFor, waitForText, wx } from './harness'
import { GRID_ID, VILLAGE, WORKER, answerPull, signedInWorkerStorage, workerKey } from './fixtures'

/**
 * 我的 and a phone shared by two grid workers, on the compiled mini-program: who is signed in and
 * where, the sync state, 退出登录 saying what has not reached the server, and the next worker signing
 * in on that phone seeing none of it — until the first one returns and it leaves without a tap.
 */
const HOUSEHOLD_UPSERT = {
  id: 'c5e3a9f4-7d6b-4e8c-9a0f-3b4c5d6e7f01',
  type: 'household.upsert',
  payload: { id: '6e2a1d63-8b5f-4c9a-8a38-1b2c3d4e5f21', gridId: GRID_ID, address: { group: '八组', door: '6' }, note: '' },
  at: '2026-11-26T09:00:00.000Z'
}
const MEMBER_APP = {
  id: 'c5e3a9f4-7d6b-4e8c-9a0f-3b4c5d6e7f02',
  type: 'member.app',
  payload: { memberId: '8a4c3f85-ad7b-4ebc-8c5a-3d4e5f6a7b21', status: 'registered', alertsOn: true, evidence: 'in_person' },
  at: '2026-11-26T09:00:01.000Z'
}
const REFUSED = {
  mutation: {
    id: 'c5e3a9f4-7d6b-4e8c-9a0f-3b4c5d6e7f03',
    type: 'member.upsert',
    payload: { id: '8a4c3f85-ad7b-4ebc-8c5a-3d4e5f6a7b22', householdId: '6e2a1d63-8b5f-4c9a-8a38-1b2c3d4e5f99', name: '周桂芳', smartphone: 'yes' },
    at: '2026-11-25T08:01:00.000Z'
  },
  error: { code: 'NOT_FOUND', message: '户不存在或无权查看' },
  rejectedAt: '2026-11-25T08:01:05.000Z'
}
const A_IDS = [HOUSEHOLD_UPSERT.id, MEMBER_APP.id]

const GRID_2 = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d02'
const WORKER_2 = { id: 'u-worker-2', name: '赵丽', role: 'grid_worker', scope: { regionCode: VILLAGE, gridIds: [GRID_2] } }
const SESSIONS: Record<string, { token: string; user: unknown }> = {
  'demo-worker': { token: 'worker-token-again', user: WORKER },
  'demo-worker2': { token: 'worker2-token', user: WORKER_2 }
}

let online = false

beforeAll(() => {
  launchApp({
    storage: {
      ...signedInWorkerStorage(),
      [workerKey('outbox.pending')]: JSON.stringify([HOUSEHOLD_UPSERT, MEMBER_APP]),
      [workerKey('outbox.rejected')]: JSON.stringify([REFUSED]),
      [workerKey('gridNames')]: JSON.stringify({ [GRID_ID]: '第一网格' })
    }
  })
  answerRequests((request) => {
    if (request.path === `/api/v1/regions/${VILLAGE}`) return { data: { code: VILLAGE, name: '大阳村委会', level: 'village', parentCode: '141002001', children: [] } }
    if (request.path === '/api/v1/auth/logout') return { status: 204 }
    if (request.path === '/api/v1/auth/password') return { data: { ...SESSIONS[request.data.username], expiresAt: '2026-12-31T00:00:00+08:00' } }
    if (!online) return 'network-error'
    if (request.path === '/api/v1/sync/push') {
      return { data: { results: request.data.mutations.map((m: { id: string }) => ({ id: m.id, status: 'applied' })), cursor: '90' } }
    }
    if (request.path === '/api/v1/sync/pull') {
      return request.query.grid === GRID_2 ? { data: { changes: [], cursor: '0', hasMore: false } } : answerPull(request.query, [])
    }
    if (request.path === '/api/v1/grids') return { data: { items: [{ id: GRID_2, name: '第二网格', villageCode: VILLAGE, workers: [] }] } }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

function pushedUnder(token: string): string[] {
  return requests
    .filter((request) => request.path === '/api/v1/sync/push' && request.header.Authorization === `Bearer ${token}`)
    .flatMap((request) => request.data.mutations.map((mutation: { id: string }) => mutation.id))
}

async function signInWithPassword(username: string) {
  const reLaunch = jest.spyOn(wx, 'reLaunch').mockClear()
  const login = openPage('pages/login/index')
  await waitForText(login, '账号密码登录')
  tap(findByText(login, '账号密码登录'))
  await waitFor(() => findByText(login, '登录'))
  const [usernameInput, password] = findAll(login, 'login-input')
  type(usernameInput, username)
  type(password, 'wuzha-demo')
  tap(findByText(login, '登录'))
  await waitFor(() => reLaunch.mock.calls.some(([options]: any[]) => options.url === '/pages/home/index'))
  login.unload()
}

test('the home page reaches 我的 in one tap, and has no 退出登录 of its own', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const home = openPage('pages/home/index')
  await waitForText(home, '我的')
  expect(() => findByText(home, '退出登录')).toThrow()
  tap(findByText(home, '我的'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect(navigateTo.mock.calls[0][0]).toMatchObject({ url: '/pages/me/index' })
  navigateTo.mockRestore()
  home.unload()
})

test('我的 shows the name, role, scope and sync state', async () => {
  const me = openPage('pages/me/index')
  await waitForText(me, '大阳村委会 · 第一网格')
  expect(me.text()).toContain('张小明')
  expect(me.text()).toContain('网格员')
  expect(me.text()).toContain('1 户 · 2 条待同步')
  expect(me.text()).toContain('1 条未通过')
  expect(me.text()).toContain('上次同步：本机尚未同步过')
  expect(me.text()).toContain('退出登录')
  me.unload()
})

test('退出登录 says how many changes have not reached the server; 仍要退出 keeps them as the worker’s', async () => {
  const showModal = jest.spyOn(wx, 'showModal').mockImplementation((options: any) => options.success?.({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
  const reLaunch = jest.spyOn(wx, 'reLaunch').mockClear()
  const me = openPage('pages/me/index')
  await waitForText(me, '退出登录')
  tap(findByText(me, '退出登录'))

  await waitFor(() => reLaunch.mock.calls.length > 0)
  expect(showModal).toHaveBeenCalledTimes(1)
  const dialog = showModal.mock.calls[0][0] as any
  expect(dialog.content).toMatch(/^还有 2 条修改未同步、1 条未通过。/)
  expect(dialog).toMatchObject({ confirmText: '立即同步', cancelText: '仍要退出' })
  expect(reLaunch.mock.calls[0][0]).toMatchObject({ url: '/pages/login/index' })
  expect(requests.filter((request) => request.path === '/api/v1/auth/logout').map((request) => request.header.Authorization)).toEqual(['Bearer worker-token'])
  expect(stored('wuzha.session')).toBeUndefined()
  expect(stored(workerKey('outbox.pending'))).toEqual([HOUSEHOLD_UPSERT, MEMBER_APP])
  expect(stored(workerKey('outbox.rejected'))).toEqual([REFUSED])
  showModal.mockRestore()
  me.unload()
})

test('another worker signing in on the phone neither sends nor sees nor counts them', async () => {
  online = true
  await signInWithPassword('demo-worker2')

  const home = openPage('pages/home/index')
  await waitForText(home, '赵丽，您好')
  await waitForText(home, '已全部同步')
  expect(home.text()).not.toContain('条待同步')
  expect(home.text()).not.toContain('未通过')
  home.unload()

  const sync = openPage('pages/sync/index')
  await waitForText(sync, '待同步（0）')
  expect(sync.text()).toContain('未通过（0）')
  expect(sync.text()).not.toContain('户不存在或无权查看')
  sync.unload()

  const me = openPage('pages/me/index')
  await waitForText(me, '已全部同步')
  expect(me.text()).toContain('赵丽')
  me.unload()

  expect(pushedUnder('worker2-token')).toEqual([])
  // Every attempt to send 张小明's changes (before signing out, without signal) went under 张小明's token.
  const tokensOfA = requests
    .filter((request) => request.path === '/api/v1/sync/push' && request.data.mutations.some((m: { id: string }) => A_IDS.includes(m.id)))
    .map((request) => request.header.Authorization)
  expect(new Set(tokensOfA)).toEqual(new Set(['Bearer worker-token']))
  expect(stored(workerKey('outbox.pending'))).toEqual([HOUSEHOLD_UPSERT, MEMBER_APP])
})

test('when the first worker signs in again, their waiting changes leave without a tap', async () => {
  const showModal = jest.spyOn(wx, 'showModal').mockImplementation((options: any) => options.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' }))
  // 赵丽 has nothing waiting: 退出登录 only asks the usual question.
  const me = openPage('pages/me/index')
  await waitForText(me, '赵丽')
  tap(findByText(me, '退出登录'))
  await waitFor(() => stored('wuzha.session') === undefined)
  expect((showModal.mock.calls[0][0] as any).content).toBe('确定退出当前账号吗？')
  showModal.mockRestore()
  me.unload()

  await signInWithPassword('demo-worker')
  await waitFor(() => stored(workerKey('outbox.pending'))?.length === 0)
  expect(pushedUnder('worker-token-again')).toEqual(A_IDS)
  expect(pushedUnder('worker2-token')).toEqual([])
  // A refused change is not sent again by itself: it waits for 重试 or 放弃 on the sync page.
  expect(stored(workerKey('outbox.rejected'))).toEqual([REFUSED])
})

test('立即同步 with a refused change left opens the sync page (重试 / 放弃) instead of signing out', async () => {
  const showModal = jest.spyOn(wx, 'showModal').mockImplementation((options: any) => options.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' }))
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const me = openPage('pages/me/index')
  await waitForText(me, '1 条未通过')
  tap(findByText(me, '退出登录'))
  await waitFor(() => navigateTo.mock.calls.some(([options]: any[]) => options.url === '/pages/sync/index'))
  expect((showModal.mock.calls[0][0] as any).content).toMatch(/^还有 1 条修改未通过。/)
  expect(stored('wuzha.session')).toMatchObject({ token: 'worker-token-again' })
  expect(requests.filter((request) => request.path === '/api/v1/auth/logout')).toHaveLength(2)
  showModal.mockRestore()
  navigateTo.mockRestore()
  me.unload()
})
