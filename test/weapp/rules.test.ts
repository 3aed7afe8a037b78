import { PASSWORD, TOWNSHIP, USERS } from '../server/fixtures'
import { answerRequests, find, findAll, launchApp, openPage, relaunchApp, requests, tap, type, waitFor, waitForText, wx, type RecordedRequest, type RequestAnswer } from './harness'
import { forward, startRealServer, type RealServer, callServer } from './realServer'
import { signedInStorage } from './fixtures'

/**
 * 评分规则 on the compiled app against the real server (the server tests' world, rule set version 1 the
 * default): an official reads the rules in force; the admin edits them, is stopped by the same check the
 * server makes, saves, and the server then scores with version 2.
 */
let server: RealServer
const tokens: Record<'official' | 'admin', string> = { official: '', admin: '' }
/** Answers the page's next PUT /rulesets with this instead of forwarding it (a refusal the form cannot cause). */
let nextPutAnswer: RequestAnswer | null = null

/** A request to the real server as `token`, outside the app. */
function call(method: string, path: string, token: string, data?: unknown) {
  return callServer(server.baseUrl, method, path, token, data)
}

async function signIn(who: 'official' | 'admin'): Promise<string> {
  const answer = await forward(server.baseUrl, {
    method: 'POST',
    url: `${server.baseUrl}/api/v1/auth/password`,
    path: '/api/v1/auth/password',
    query: {},
    data: { username: USERS[who].username, password: PASSWORD },
    header: { 'Content-Type': 'application/json' }
  })
  return (answer.data as { token: string }).token
}

function sessionOf(who: 'official' | 'admin') {
  const user = USERS[who]
  return signedInStorage(tokens[who], { id: user.id, name: user.name, role: user.role, scope: { regionCode: user.scope } })
}

beforeAll(async () => {
  server = await startRealServer()
  tokens.official = await signIn('official')
  tokens.admin = await signIn('admin')
  launchApp({ storage: sessionOf('official') })
  answerRequests((request: RecordedRequest) => {
    if (request.method === 'PUT' && nextPutAnswer) {
      const answer = nextPutAnswer
      nextPutAnswer = null
      return answer
    }
    return forward(server.baseUrl, request)
  })
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

const input = (page: ReturnType<typeof openPage>, path: string) => find(page, `rule-input-${path.replace(/\./g, '-')}`)

test('an official reads the rules in force, with each indicator’s rule, and cannot change them', async () => {
  const page = openPage('packages/official/pages/rules/index')
  await waitForText(page, '评分规则 第1版')
  const text = page.text()
  expect(text).toContain('达标分数线 85分')
  expect(find(page, 'indicator-rule--app_coverage').textContent?.replace(/\s+/g, '')).toContain(
    '反诈APP注册率分值35分及格线60%目标值90%注册率低于60%得0分，60%至90%线性得分，达到90%得满分35分'
  )
  expect(find(page, 'indicator-rule--activities').textContent?.replace(/\s+/g, '')).toContain('每月活动1次')
  expect(text).toContain('已组建反诈志愿者队伍得满分5分')
  expect(findAll(page, 'rule-input')).toHaveLength(0)
  expect(findAll(page, 'rules-save-button')).toHaveLength(0)
  expect(text).not.toContain('保存为新版本')
  page.unload()
})

test('the township page links 评分规则', async () => {
  const page = openPage('packages/official/pages/township/index', { code: TOWNSHIP })
  await waitFor(() => find(page, 'township-rules'), { timeout: 10_000 })
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  tap(find(page, 'township-rules'))
  await waitFor(() => navigateTo.mock.calls.length === 1)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe('/packages/official/pages/rules/index')
  navigateTo.mockRestore()
  page.unload()
})

test('the admin changes the points, is told their sum is not 100, fixes it and saves version 2', async () => {
  wx.setStorageSync('wuzha.session', sessionOf('admin')['wuzha.session'])
  relaunchApp()
  const confirm = jest.spyOn(wx, 'showModal').mockImplementation((options: any) => options.success?.({ confirm: true, cancel: false }))
  const page = openPage('packages/official/pages/rules/index')
  await waitForText(page, '评分规则 第1版')
  await waitForText(page, '分值合计 100 / 100')

  type(input(page, 'indicators.app_coverage.points'), '30')
  await waitForText(page, '分值合计 95 / 100')
  expect(find(page, 'rules-sum-error').textContent).toBe('各指标分值之和应为100')
  // Nothing leaves while the form is refused.
  const puts = () => requests.filter((request) => request.method === 'PUT')
  tap(find(page, 'rules-save-button'))
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(confirm).not.toHaveBeenCalled()
  expect(puts()).toHaveLength(0)

  // A pass line above its target is named under that field.
  type(input(page, 'indicators.app_coverage.floor'), '95')
  await waitForText(page, '反诈APP注册率及格线不能高于目标值')
  type(input(page, 'indicators.app_coverage.floor'), '60')

  // The server's own refusal (asked of it directly) is shown under the field it names.
  const refusal = await call('PUT', '/api/v1/rulesets', tokens.admin, { passPoints: 85, indicators: { app_coverage: { points: 35, floor: 0.95, target: 0.9 } } })
  expect(refusal.status).toBe(400)
  type(input(page, 'indicators.visit_coverage.points'), '30')
  await waitForText(page, '分值合计 100 / 100')
  expect(findAll(page, 'rules-sum-error')).toHaveLength(0)
  nextPutAnswer = refusal
  tap(find(page, 'rules-save-button'))
  await waitForText(page, '反诈APP注册率及格线不能高于目标值')
  expect(page.text()).toContain('评分规则 第1版')

  // Saved for real after the confirm, which says what a new version means.
  confirm.mockClear()
  tap(find(page, 'rules-save-button'))
  await waitForText(page, '已保存为第2版')
  expect(page.text()).toContain('评分规则 第2版')
  expect(confirm).toHaveBeenCalledTimes(1)
  expect((confirm.mock.calls[0][0] as any).content).toContain('第2版')
  expect((confirm.mock.calls[0][0] as any).content).toContain('新版本')
  expect(find(page, 'indicator-rule--app_coverage').textContent?.replace(/\s+/g, '')).toContain('分值30分')

  const current = await call('GET', '/api/v1/rulesets/current', tokens.admin)
  expect(current.data).toMatchObject({ version: 2, passPoints: 85, indicators: { app_coverage: { points: 30, floor: 0.6 }, visit_coverage: { points: 30 } } })
  page.unload()
}, 30_000)
