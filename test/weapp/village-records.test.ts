import { PASSWORD, TOWNSHIP, USERS, VILLAGE } from '../server/fixtures'
import { answerRequests, find, findAll, findByText, fire, inputValue, launchApp, openPage, tap, type, waitFor, waitForText, type LoadedPage, pickerAround, settle } from './harness'
import { forward, startRealServer, type RealServer, callServer } from './realServer'
import { signedInStorage } from './fixtures'

/**
 * The village admin's 宣传活动与村情 page on the compiled app, against the real server (its test world:
 * 商会社区 of 第一乡镇, no activities or facts yet): an activity recorded is what the server then lists
 * and counts in the score, the facts saved are what the page and the score page read back.
 */
let server: RealServer
let villageToken: string

/** A request to the real server as `token`, outside the app. */
function call(method: string, path: string, token: string | null, data?: unknown) {
  return callServer(server.baseUrl, method, path, token, data)
}

async function signIn(user: { username: string }): Promise<string> {
  return ((await call('POST', '/api/v1/auth/password', null, { username: user.username, password: PASSWORD })).data as { token: string }).token
}

beforeAll(async () => {
  server = await startRealServer()
  villageToken = await signIn(USERS.village)
  launchApp({ storage: signedInStorage(villageToken, { id: USERS.village.id, name: USERS.village.name, role: 'village_admin', scope: { regionCode: VILLAGE } }) })
  answerRequests((request) => forward(server.baseUrl, request))
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

/** An indicator of the village's score as the server computes it now. */
async function indicatorOnServer(key: string): Promise<{ numerator: number; denominator: number; points: number }> {
  const score = (await call('GET', `/api/v1/scores/villages/${VILLAGE}`, villageToken)).data as { indicators: { key: string; numerator: number; denominator: number; points: number }[] }
  return score.indicators.find((indicator) => indicator.key === key)!
}

/** The choice of an activity's form, by its label. */
function kindChoice(page: LoadedPage, label: string): HTMLElement {
  const choice = findAll(page, 'activity-kind').find((el) => el.textContent.trim().endsWith(label))
  if (!choice) throw new Error(`no choice ${label}`)
  return choice
}

const fieldErrors = (page: LoadedPage) => findAll(page, 'field-error').map((el) => el.textContent.trim())

test('记录宣传活动: refused fields are named under them; the activity recorded is listed, with the township’s, and counts in the score', async () => {
  const page = openPage('packages/village/pages/records/index')
  await waitForText(page, '还没有记录宣传活动')
  expect((await indicatorOnServer('activities')).numerator).toBe(0)

  tap(find(page, 'records-record-activity'))
  await waitForText(page, '活动形式')
  // The server tests' clock stands at 2026-11-15 (test/server/harness.ts): a day before it.
  fire(pickerAround(find(page, 'activity-date')), 'change', { value: '2026-11-14' })
  tap(kindChoice(page, '宣讲会'))
  type(find(page, 'activity-title'), '防范养老诈骗宣讲，联系13800138000')
  await settle()
  tap(findByText(page, '保存'))
  await waitForText(page, '参与人数必须填写')
  expect(fieldErrors(page)).toEqual(['活动名称不能包含手机号或身份证号', '参与人数必须填写'])

  type(find(page, 'activity-title'), '防范养老诈骗宣讲')
  type(find(page, 'activity-participants'), '40')
  await settle()
  tap(findByText(page, '保存'))
  await waitFor(() => findAll(page, 'activity-row').length === 1, { timeout: 5000 })
  expect(find(page, 'activity-row').textContent).toBe('2026-11-14宣讲会防范养老诈骗宣讲40人参与')
  expect(findAll(page, 'activity-form')).toHaveLength(0)
  expect((await indicatorOnServer('activities')).numerator).toBe(1)

  // The township's own activity counts for the village too, and the list says whose it is.
  const officialToken = await signIn(USERS.official)
  const township = await call('POST', '/api/v1/activities', officialToken, { regionCode: TOWNSHIP, date: '2026-11-10', title: '集中宣传日', kind: 'street', participants: 300 })
  expect(township.status).toBe(201)
  page.unload()
  const again = openPage('packages/village/pages/records/index')
  await waitFor(() => findAll(again, 'activity-row').length === 2, { timeout: 5000 })
  expect(findAll(again, 'activity-row')[1].textContent).toMatch(/^2026-11-10集中宣传（摆摊）集中宣传日300人参与 · .+组织$/)
  expect((await indicatorOnServer('activities')).numerator).toBe(2)
  again.unload()
}, 30_000)

test('村情: a refused count is named under its field; saved facts say 已保存, are read back and scored', async () => {
  const page = openPage('packages/village/pages/records/index')
  await waitFor(() => find(page, 'facts-submit'))
  // Nothing stored yet: no team, no warnings — as the score counts it.
  expect(find(page, 'facts-team-no').getAttribute('class')).toContain('choice--selected')
  expect(inputValue(page, find(page, 'facts-received'))).toBe('0')

  tap(find(page, 'facts-team-yes'))
  type(find(page, 'facts-received'), '3')
  type(find(page, 'facts-followed-up'), '5')
  await settle()
  tap(findByText(page, '保存村情'))
  await waitForText(page, '已跟进的预警数不能多于收到的预警数')
  expect(fieldErrors(page)).toEqual(['已跟进的预警数不能多于收到的预警数'])
  expect(page.text()).not.toContain('已保存')

  type(find(page, 'facts-followed-up'), '2')
  await settle()
  tap(findByText(page, '保存村情'))
  await waitForText(page, '已保存')
  expect(fieldErrors(page)).toEqual([])
  page.unload()

  const again = openPage('packages/village/pages/records/index')
  await waitFor(() => find(again, 'facts-submit'))
  expect(find(again, 'facts-team-yes').getAttribute('class')).toContain('choice--selected')
  expect(inputValue(again, find(again, 'facts-received'))).toBe('3')
  expect(inputValue(again, find(again, 'facts-followed-up'))).toBe('2')
  again.unload()

  // The score page shows the team and the warnings followed up.
  const score = openPage('packages/village/pages/score/index')
  await waitForText(score, '反诈志愿者队伍')
  const indicators = findAll(score, 'indicator').map((el) => el.textContent.replace(/\s+/g, ''))
  expect(indicators.find((text) => text.startsWith('反诈志愿者队伍'))).toMatch(/^反诈志愿者队伍5\/5分1\/1/)
  expect(indicators.find((text) => text.startsWith('预警劝阻跟进'))).toMatch(/^预警劝阻跟进\d+(\.\d)?\/5分2\/3=66\.7%/)
  score.unload()
}, 30_000)
