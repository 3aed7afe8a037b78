import { answerRequests, apiError, find, findAll, findByText, launchApp, openPage, requests, stored, tap, type, waitFor, waitForText, wx } from './harness'
import { GRID_ID, MEMBERS, HOUSEHOLDS, answerPull, gridServer, householdChange, memberChange, signedInWorkerStorage, workerKey } from './fixtures'
import { yearInChina } from '../../src/core/period'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
})

beforeEach(() => {
  requests.length = 0
})

test('saving a new household stores its mutations in the outbox, then pushes them in order', async () => {
  const showToast = jest.spyOn(wx, 'showToast')
  const navigateBack = jest.spyOn(wx, 'navigateBack')
  let outboxWhenPushed: any[] = []
  let toastsWhenPushed = -1
  answerRequests((request) => {
    if (request.path === '/api/v1/sync/pull') return answerPull(request.query, [...HOUSEHOLDS.map((h) => householdChange(h)), ...MEMBERS])
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') {
      outboxWhenPushed = stored(workerKey('outbox.pending'))
      toastsWhenPushed = showToast.mock.calls.length
      return { data: { results: request.data.mutations.map((m: any) => ({ id: m.id, status: 'applied' })), cursor: '42' } }
    }
    return apiError(404, 'NOT_FOUND', '不存在')
  })

  const list = openPage('pages/households/index')
  const edit = openPage('pages/household-edit/index')
  await waitForText(edit, '添加成员')

  type(find(edit, 'address-group'), '三组')
  type(find(edit, 'address-door'), '301')
  tap(findByText(edit, '添加成员'))
  await waitFor(() => find(edit, 'member-name'))
  type(find(edit, 'member-name'), '王建华')
  type(find(edit, 'member-birth-year'), '1958')
  type(find(edit, 'member-phone'), '138 1234 1234')
  tap(findByText(edit, '已注册'))
  await waitFor(() => find(edit, 'app-alerts'))
  tap(find(edit, 'app-alerts'))
  tap(findByText(edit, '完成'))
  await waitForText(edit, '王建华')
  tap(findByText(edit, '保存'))

  const push = await waitFor(() => requests.find((r) => r.path === '/api/v1/sync/push'))
  expect(push.header.Authorization).toBe('Bearer worker-token')
  expect(push.data.clientId).toMatch(UUID_V4)
  const mutations = push.data.mutations
  expect(mutations.map((m: any) => m.type)).toEqual(['household.upsert', 'member.upsert', 'member.app'])
  for (const mutation of mutations) {
    expect(mutation.id).toMatch(UUID_V4)
    expect(mutation.at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  }
  const [household, head, app] = mutations.map((m: any) => m.payload)
  expect(household).toEqual({ id: expect.stringMatching(UUID_V4), gridId: GRID_ID, address: { group: '三组', door: '301' }, note: '' })
  expect(head).toMatchObject({
    householdId: household.id,
    name: '王建华',
    birthYear: 1958,
    phone: '13812341234',
    smartphone: 'yes',
    isHead: true,
    relation: '本人',
    away: null
  })
  expect(head).not.toHaveProperty('idNumber')
  expect(app).toEqual({ memberId: head.id, status: 'registered', alertsOn: true, evidence: 'in_person' })

  // Durable first: the outbox was in storage before the push went out and before any "saved".
  expect(outboxWhenPushed.map((m) => m.id)).toEqual(mutations.map((m: any) => m.id))
  expect(toastsWhenPushed).toBe(0)

  await waitFor(() => showToast.mock.calls.length > 0)
  expect((showToast.mock.calls[0][0] as any).title).toBe('已保存')
  expect(stored(workerKey('outbox.pending'))).toEqual([])
  await waitFor(() => navigateBack.mock.calls.length > 0, { timeout: 2000 })
  edit.unload()
  list.unload()
})

test('invalid input is refused on the phone with the core’s Chinese messages, and nothing is queued', async () => {
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  answerRequests(() => apiError(404, 'NOT_FOUND', '不存在'))
  const edit = openPage('pages/household-edit/index')
  await waitForText(edit, '添加成员')

  tap(findByText(edit, '添加成员'))
  await waitFor(() => find(edit, 'member-birth-year'))
  type(find(edit, 'member-birth-year'), '1850')
  type(find(edit, 'member-phone'), '12345')
  tap(findByText(edit, '保存'))

  await waitForText(edit, '地址至少填写一项')
  expect(edit.text()).toContain('姓名不能为空')
  expect(edit.text()).toContain('出生年份不能早于1900年')
  expect(edit.text()).toContain('手机号格式不正确，应为11位手机号')
  expect((showToast.mock.calls[0][0] as any).title).toBe('地址至少填写一项')
  expect(requests.filter((r) => r.path === '/api/v1/sync/push')).toHaveLength(0)
  expect(stored(workerKey('outbox.pending'))).toEqual([])
  edit.unload()
})

test('an ID number in the note and a birth year after this year are refused on the phone, naming the fields', async () => {
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  answerRequests(() => apiError(404, 'NOT_FOUND', '不存在'))
  const edit = openPage('pages/household-edit/index')
  await waitForText(edit, '添加成员')

  type(find(edit, 'address-group'), '三组')
  type(find(edit, 'household-note'), '身份证11010519491231002X')
  tap(findByText(edit, '添加成员'))
  await waitFor(() => find(edit, 'member-name'))
  type(find(edit, 'member-name'), '王建华')
  type(find(edit, 'member-birth-year'), '2090')
  tap(findByText(edit, '保存'))

  await waitForText(edit, '备注不能包含手机号或身份证号')
  // The form judges "this year" by the phone's own clock, as the server does by its own.
  expect(edit.text()).toContain(`出生年份不能晚于${yearInChina(new Date())}年`)
  expect((showToast.mock.calls[0][0] as any).title).toBe('备注不能包含手机号或身份证号')
  expect(requests.filter((r) => r.path === '/api/v1/sync/push')).toHaveLength(0)
  expect(stored(workerKey('outbox.pending'))).toEqual([])
  edit.unload()
})

test('without signal the change is kept as 待同步 and sent by the retry timer once signal returns', async () => {
  const showToast = jest.spyOn(wx, 'showToast').mockClear()
  let online = false
  answerRequests((request) => {
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') {
      if (!online) return 'network-error'
      return { data: { results: request.data.mutations.map((m: any) => ({ id: m.id, status: 'applied' })), cursor: '43' } }
    }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
  const edit = openPage('pages/household-edit/index')
  await waitForText(edit, '添加成员')
  type(find(edit, 'address-text'), '村东头老槐树旁')
  tap(findByText(edit, '保存'))

  await waitFor(() => showToast.mock.calls.length > 0)
  expect((showToast.mock.calls[0][0] as any).title).toBe('已保存，待同步')
  const waiting = stored(workerKey('outbox.pending'))
  expect(waiting.map((m: any) => m.type)).toEqual(['household.upsert'])
  expect(waiting[0].payload.address).toEqual({ text: '村东头老槐树旁' })

  online = true
  await waitFor(() => stored(workerKey('outbox.pending')).length === 0, { timeout: 6000 })
  const pushes = requests.filter((r) => r.path === '/api/v1/sync/push')
  expect(pushes.length).toBeGreaterThanOrEqual(2)
  // The retry sends the very same mutation (same id), so the server can recognise a duplicate.
  expect(pushes[pushes.length - 1].data.mutations.map((m: any) => m.id)).toEqual([waiting[0].id])
  edit.unload()
}, 10000)

test('editing an existing household sends only what changed', async () => {
  const householdId = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e21'
  const memberIds = ['7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e01', '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e02']
  const server = gridServer([
    householdChange({
      id: householdId,
      gridId: GRID_ID,
      villageCode: '141002001001',
      addressText: '二组 5栋 2单元 301号',
      headNameMasked: '王*华',
      memberCount: 2,
      eligible: 2,
      registered: 1,
      lastVisitAt: null,
      address: { group: '二组', building: '5', unit: '2', door: '301' },
      note: null,
      version: 3
    }),
    memberChange(member(memberIds[0], '王建华', true, { status: 'registered', alertsOn: true, region: '141002001001', evidence: 'in_person', updatedAt: '2026-11-01T10:00:00+08:00' })),
    memberChange(member(memberIds[1], '李秀兰', false, null))
  ], 100)
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return server.pull(request.query)
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') return server.push(request.data.mutations)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
  // The worker comes from the list, which pulls the grid onto the phone.
  const list = openPage('pages/households/index')
  await waitForText(list, '二组 5栋 2单元 301号')
  requests.length = 0

  const edit = openPage('pages/household-edit/index', { id: householdId })
  await waitForText(edit, '李秀兰')
  // Loaded from the phone's copy of the grid, not from GET /households/:id.
  expect(requests.filter((r) => r.path.startsWith('/api/v1/households'))).toEqual([])
  expect(edit.text()).toContain('已注册')
  expect(edit.text()).toContain('APP状态未登记')

  // Record the second member's app status: installed, not yet registered.
  tap(findAll(edit, 'member-summary')[1])
  await waitFor(() => find(edit, 'member-name'))
  tap(findByText(edit, '已安装未注册'))
  await waitFor(() => find(edit, 'app-alerts'))
  tap(findByText(edit, '完成'))
  tap(findByText(edit, '保存'))

  const push = await waitFor(() => requests.find((r) => r.path === '/api/v1/sync/push'))
  expect(push.data.mutations.map((m: any) => [m.type, m.payload])).toEqual([
    ['member.app', { memberId: memberIds[1], status: 'installed_unregistered', alertsOn: false, evidence: 'in_person' }]
  ])
  edit.unload()
  list.unload()
})

function member(id: string, name: string, isHead: boolean, app: unknown) {
  return {
    id,
    householdId: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e21',
    name,
    gender: isHead ? 'male' : 'female',
    birthYear: isHead ? 1958 : 1961,
    phoneMasked: isHead ? '138****1234' : null,
    idNumberMasked: null,
    relation: isHead ? '本人' : '配偶',
    smartphone: 'yes',
    away: null,
    tags: [],
    isHead,
    app
  }
}
