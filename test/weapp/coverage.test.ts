import { answerRequests, apiError, findAll, findByText, launchApp, openPage, tap, waitFor, waitForText, wx } from './harness'
import { GRID_CHANGES, HOUSEHOLDS, MEMBERS, VILLAGE, GRID_ID, answerPull, signedInWorkerStorage, workerKey } from './fixtures'
import { yearInChina } from '../../src/core/period'

/**
 * Counts that explain themselves (DESIGN §7), on the compiled app: the tester's case — a 15-year-old
 * added to a household does not count toward 应注册, and nothing said why — now says 未满16岁 on their
 * row, and tapping 已注册 / 应注册 on home lists the members behind it, from the phone's copy.
 *
 * The grid (fixtures): 2 of 6 counted members registered. Added without signal: 王小红, 15 this year,
 * in 王建华's household; and 李华's refusal with its reason.
 */
const TEEN_ID = '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f13'
const LI_HUA = MEMBERS[5].id
const ADD_TEEN = {
  id: 'd6f4b0a5-8e7c-4f9d-8b1a-4c5d6e7f8a01',
  type: 'member.upsert',
  payload: { id: TEEN_ID, householdId: HOUSEHOLDS[0].id, name: '王小红', birthYear: yearInChina(new Date()) - 15, smartphone: 'yes', relation: '女儿' },
  at: '2026-11-30T09:00:00.000Z'
}
const LI_HUA_REFUSES = {
  id: 'd6f4b0a5-8e7c-4f9d-8b1a-4c5d6e7f8a02',
  type: 'member.app',
  payload: { memberId: LI_HUA, status: 'refused', evidence: 'in_person', reason: '担心泄露隐私' },
  at: '2026-11-30T09:01:00.000Z'
}

beforeAll(async () => {
  launchApp({ storage: { ...signedInWorkerStorage(), [workerKey('outbox.pending')]: JSON.stringify([ADD_TEEN, LI_HUA_REFUSES]) } })
  // Online once, to pull the grid onto the phone; the changes above stay waiting (the push gets no answer).
  answerRequests((request) => {
    if (request.path === '/api/v1/sync/pull') return answerPull(request.query, GRID_CHANGES)
    if (request.path === '/api/v1/grids') return { data: { items: [{ id: GRID_ID, name: '第一网格', villageCode: VILLAGE, workers: [] }] } }
    if (request.path === '/api/v1/sync/push') return 'network-error'
    return apiError(404, 'NOT_FOUND', '不存在')
  })
  const list = openPage('pages/households/index')
  await waitForText(list, HOUSEHOLDS[0].addressText)
  list.unload()
  answerRequests(() => 'network-error')
})

test('the 15-year-old added to a household says on their row why they do not count: 未满16岁', async () => {
  const page = openPage('pages/household/index', { id: HOUSEHOLDS[0].id })
  await waitForText(page, '王小红')
  const row = (name: string) => findAll(page, 'member-detail').find((el) => el.textContent.includes(name))!.textContent
  expect(row('王小红')).toContain('不计入应注册：未满16岁')
  expect(row('王小宝')).toContain('不计入应注册：未满16岁')
  // Counted members say nothing of the kind.
  expect(row('王建华')).not.toContain('不计入')
  expect(row('李秀兰')).not.toContain('不计入')
  expect(page.text()).toContain('已注册 1/2')
  page.unload()
})

test('a refusal shows its reason on the member’s row', async () => {
  const page = openPage('pages/household/index', { id: HOUSEHOLDS[2].id })
  await waitForText(page, '李华')
  const row = findAll(page, 'member-detail').find((el) => el.textContent.includes('李华'))!.textContent
  expect(row).toContain('拒绝安装')
  expect(row).toContain('拒绝原因：担心泄露隐私')
  page.unload()
})

test('tapping 已注册 / 应注册 or 注册率 on home opens the list of members behind it; 户数 opens the households', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const home = openPage('pages/home/index')
  await waitFor(() => findAll(home, 'home-stat-value').map((el) => el.textContent.trim()).join('|') === '3|2 / 6|33.3%')
  tap(findByText(home, '已注册 / 应注册'))
  await waitFor(() => navigateTo.mock.calls.length === 1)
  tap(findByText(home, '注册率'))
  await waitFor(() => navigateTo.mock.calls.length === 2)
  tap(findByText(home, '户数'))
  await waitFor(() => navigateTo.mock.calls.length === 3)
  expect(navigateTo.mock.calls.map(([options]: any[]) => options.url)).toEqual(['/pages/coverage/index', '/pages/coverage/index', '/pages/households/index'])
  home.unload()
  navigateTo.mockRestore()
})

test('the 注册情况 page lists, without signal, who is to register, who registered, and who does not count and why', async () => {
  const page = openPage('pages/coverage/index')
  await waitForText(page, '应注册未注册（4人）')
  const text = (className: string) => findAll(page, className)[0].textContent
  expect(page.text()).toContain('已注册 2 / 应注册 6 · 注册率 33.3%')

  const todo = text('coverage-unregistered')
  // In the list's household order, each with the address to go to and where they stand.
  expect(todo.indexOf('李秀兰')).toBeLessThan(todo.indexOf('李强'))
  expect(todo).toContain('三组 5栋 2单元 301号')
  expect(todo).toContain('四组 村东头')
  expect(todo).toContain('李华')
  expect(todo).toContain('拒绝安装：担心泄露隐私')
  expect(todo).toContain('APP状态未登记')
  expect(todo).not.toContain('王小红')

  const done = text('coverage-registered')
  expect(done).toContain('已注册（2人）')
  expect(done).toContain('王建华')
  expect(done).toContain('欧阳志明')

  const notCounted = text('coverage-not-counted')
  expect(notCounted).toContain('不计入应注册（3人）')
  for (const name of ['王小红', '王小宝', '李小雨']) expect(notCounted).toContain(name)
  expect(notCounted).toContain('未满16岁')
  page.unload()
})

test('a member row on 注册情况 opens their household', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const page = openPage('pages/coverage/index')
  await waitForText(page, '王小红')
  tap(findByText(page, '王小红'))
  await waitFor(() => navigateTo.mock.calls.length === 1)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(`/pages/household/index?id=${HOUSEHOLDS[0].id}`)
  page.unload()
  navigateTo.mockRestore()
})
