import { answerRequests, apiError, findByText, launchApp, openPage, requests, tap, waitFor, waitForText, wx, type LoadedPage } from './harness'
import { GRID_ID, VILLAGE, gridServer, householdChange, memberChange, memberView, signedInWorkerStorage } from './fixtures'
import { yearInChina } from '../../src/core/period'

const HOUSEHOLD_ID = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01'
const MEMBER_IDS = ['7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e01', '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e02', '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e03']


function member(id: string, fields: Record<string, unknown> & { name: string }) {
  return memberView({ id, householdId: HOUSEHOLD_ID, ...fields })
}

/** The household as GET /households/:id would answer it; the page reads it from the pulled grid. */
const DETAIL = {
  id: HOUSEHOLD_ID,
  gridId: GRID_ID,
  villageCode: VILLAGE,
  addressText: '三组 5栋 2单元 301号',
  headNameMasked: '王*华',
  memberCount: 3,
  // Of the three only the head counts for app coverage (王小军 is away, 李秀兰 has no smartphone).
  eligible: 1,
  registered: 1,
  lastVisitAt: '2026-11-20T14:00:00+08:00',
  address: { group: '三组', building: '5', unit: '2', door: '301' },
  note: '老人白天在家',
  version: 3,
  members: [
    member(MEMBER_IDS[0], {
      name: '王建华',
      gender: 'male',
      birthYear: 1958,
      relation: '本人',
      isHead: true,
      tags: ['elderly_living_alone'],
      app: { status: 'registered', alertsOn: true, region: VILLAGE, evidence: 'screenshot', reason: null, updatedAt: '2026-11-01T14:00:00+08:00' }
    }),
    member(MEMBER_IDS[1], {
      name: '王小军',
      gender: 'male',
      birthYear: 1990,
      relation: '儿子',
      away: { place: '太原' },
      tags: ['migrant_worker'],
      app: { status: 'installed_unregistered', alertsOn: false, region: null, evidence: 'in_person', reason: null, updatedAt: '2026-10-08T14:00:00+08:00' }
    }),
    member(MEMBER_IDS[2], { name: '李秀兰', gender: 'female', birthYear: 1961, relation: '配偶', smartphone: 'no' })
  ],
  visits: [
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      householdId: HOUSEHOLD_ID,
      workerId: 'u-worker',
      workerName: '张小明',
      kind: 'in_person',
      at: '2026-11-20T14:00:00+08:00',
      actions: ['cases_explained', 'materials_given'],
      note: null
    },
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000002',
      householdId: HOUSEHOLD_ID,
      workerId: 'u-other',
      workerName: '刘芳',
      kind: 'phone',
      at: '2026-08-03T14:00:00+08:00',
      actions: ['alerts_enabled'],
      note: '电话提醒开启来电预警'
    }
  ],
  certifications: []
}

/** The grid as GET /sync/pull sends it (older visit first: the page does not rely on the order). */
const server = gridServer([
  householdChange((({ members, visits, certifications, ...household }) => household)(DETAIL)),
  ...DETAIL.members.map((m) => memberChange(m as any)),
  ...DETAIL.visits
    .slice()
    .reverse()
    .map((visit) => ({ entity: 'visit', id: visit.id, op: 'upsert', data: visit }))
])

function answerGrid() {
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/sync/pull') return server.pull(request.query)
    if (request.method === 'POST' && request.path === '/api/v1/sync/push') return server.push(request.data.mutations)
    return apiError(404, 'NOT_FOUND', '不存在')
  })
}

beforeAll(async () => {
  launchApp({ storage: signedInWorkerStorage() })
  // The worker opens the list first, which pulls the grid onto the phone.
  answerGrid()
  const list = openPage('pages/households/index')
  await waitForText(list, DETAIL.addressText)
  list.unload()
})

beforeEach(() => {
  requests.length = 0
  answerGrid()
})

test('shows the address, members with age and priority tags, app status with evidence, and visits newest first', async () => {
  const page = openPage('pages/household/index', { id: HOUSEHOLD_ID })
  await waitForText(page, '王建华')
  // From the phone's copy of the grid: the server is not asked.
  expect(requests.filter((r) => r.path.startsWith('/api/v1/households'))).toEqual([])
  const text = page.text()
  const year = yearInChina(new Date())

  expect(text).toContain('三组 5栋 2单元 301号')
  expect(text).toContain('已注册 1/1')
  expect(text).toContain('老人白天在家')
  expect(text).toContain('家庭成员（3人）')
  // The head: 60+ derived from the birth year, plus the recorded tag; registered, proven by a screenshot.
  expect(text).toContain(`本人 · 男 · ${year - 1958}岁`)
  expect(text).toContain('60岁以上')
  expect(text).toContain('独居')
  expect(text).toContain('已注册 · 来电预警已开启 · 截图核实')
  expect(text).toContain('登记于 2026-11-01')
  expect(text).toContain('已安装未注册 · 来电预警未开启 · 当面核实')
  expect(text).toContain('外出：太原')
  expect(text).toContain('外出务工')
  expect(text).toContain('智能手机：无')

  const newer = text.indexOf('2026-11-20')
  const older = text.indexOf('2026-08-03')
  expect(newer).toBeGreaterThan(-1)
  expect(older).toBeGreaterThan(newer)
  expect(text).toContain('入户')
  expect(text).toContain('讲解典型案例、发放宣传资料')
  expect(text).toContain('协助开启来电预警')
  expect(text).toContain('张小明')
  expect(text).toContain('刘芳')
  expect(text).toContain('电话提醒开启来电预警')
  page.unload()
})

test('编辑 opens the edit page for this household', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockClear()
  const page = openPage('pages/household/index', { id: HOUSEHOLD_ID })
  await waitForText(page, '王建华')
  tap(findByText(page, '编辑'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(`/pages/household-edit/index?id=${HOUSEHOLD_ID}`)
  page.unload()
})

test('记录走访 opens the quick-visit sheet; the saved visit tops the history at once', async () => {
  const page = openPage('pages/household/index', { id: HOUSEHOLD_ID })
  await waitForText(page, '王建华')
  tap(findByText(page, '记录走访'))
  await waitForText(page, '做了什么')
  tap(findByText(page, '协助安装APP'))
  await waitFor(() => isChosen(page, '协助安装APP'))
  tap(findByText(page, '保存'))

  const push = await waitFor(() => requests.find((r) => r.path === '/api/v1/sync/push'))
  expect(push.data.mutations.map((m: any) => [m.type, m.payload.householdId, m.payload.kind, m.payload.actions])).toEqual([
    ['visit.record', HOUSEHOLD_ID, 'in_person', ['cases_explained', 'materials_given', 'app_install_helped']]
  ])
  await waitForText(page, '讲解典型案例、发放宣传资料、协助安装APP')
  const text = page.text()
  expect(text.indexOf('讲解典型案例、发放宣传资料、协助安装APP')).toBeLessThan(text.indexOf('2026-11-20 '))
  page.unload()
})

test('without signal the household still opens, from the phone’s copy', async () => {
  answerRequests(() => 'network-error')
  const page = openPage('pages/household/index', { id: HOUSEHOLD_ID })
  await waitForText(page, '王建华')
  expect(page.text()).toContain('家庭成员（3人）')
  expect(page.text()).toContain('电话提醒开启来电预警')
  page.unload()
})

test('a household not in the phone’s copy is asked from the server, and its message shown', async () => {
  answerRequests(() => apiError(404, 'NOT_FOUND', '户不存在或无权查看'))
  const page = openPage('pages/household/index', { id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4eff' })
  await waitForText(page, '户不存在或无权查看')
  page.unload()
})

/** Whether a choice button (NutUI Checkbox/Radio with shape button) shows as chosen. */
function isChosen(page: LoadedPage, label: string): boolean {
  let el: HTMLElement | null = findByText(page, label)
  for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
    if (/-button-active\b/.test(el.getAttribute('class') ?? '')) return true
  }
  return false
}

// Last: it removes the household from the phone's copy.
test('删除此户 asks first, then pushes household.delete and goes back', async () => {
  const showModal = jest.spyOn(wx, 'showModal')
  const navigateBack = jest.spyOn(wx, 'navigateBack').mockClear()
  const page = openPage('pages/household/index', { id: HOUSEHOLD_ID })
  await waitForText(page, '王建华')

  showModal.mockImplementationOnce((options: any) => options.success?.({ confirm: false, cancel: true }))
  tap(findByText(page, '删除此户'))
  await waitFor(() => showModal.mock.calls.length > 0)
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(requests.filter((r) => r.path === '/api/v1/sync/push')).toEqual([])

  showModal.mockImplementationOnce((options: any) => options.success?.({ confirm: true, cancel: false }))
  tap(findByText(page, '删除此户'))
  const push = await waitFor(() => requests.find((r) => r.path === '/api/v1/sync/push'))
  expect(push.data.mutations.map((m: any) => [m.type, m.payload])).toEqual([['household.delete', { id: HOUSEHOLD_ID }]])
  await waitFor(() => navigateBack.mock.calls.length > 0)
  page.unload()
  showModal.mockRestore()
})
