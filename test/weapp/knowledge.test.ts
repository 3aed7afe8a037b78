import { answerRequests, apiError, findAll, findByText, launchApp, openPage, requests, tap, waitFor, waitForText, wx } from './harness'
import { FRAUD_KNOWLEDGE } from '../../src/core/knowledge'

/**
 * 防骗知识 on the compiled mini-program, with nobody signed in (as after declining the privacy notice):
 * the index lists every type, each type page says what they say, how to tell and what to do, and the
 * township's anonymised warnings show when the server has them.
 */
const TOWNSHIP = '141002102'
let warnings: unknown[] = []

beforeAll(() => {
  launchApp({ storage: {} })
  answerRequests((request) => {
    if (request.path === `/api/v1/regions/${TOWNSHIP}/warnings`) return { data: { township: { code: TOWNSHIP, name: '大阳镇' }, items: warnings } }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('the index lists the eight fraud types and opens each one’s page', async () => {
  const navigate = jest.spyOn(wx, 'navigateTo')
  const page = openPage('packages/resident/pages/knowledge/index')
  await waitForText(page, '常见诈骗类型')
  const titles = ['刷单返利', '虚假投资理财', '冒充客服', '冒充公检法', '虚假网络贷款', '虚假征信', '网络游戏虚假交易', '婚恋交友']
  for (const title of titles) expect(page.text()).toContain(title)
  expect(findAll(page, 'knowledge-item')).toHaveLength(8)
  // No township in the link and nobody signed in: no warnings asked for.
  expect(requests.some((r) => r.path.endsWith('/warnings'))).toBe(false)
  tap(findByText(page, '冒充公检法'))
  await waitFor(() => navigate.mock.calls.length > 0)
  expect(navigate.mock.calls[0][0]).toMatchObject({ url: '/packages/resident/pages/fraud/index?type=fake_police' })
  page.unload()
})

test.each(FRAUD_KNOWLEDGE.map((item) => [item.type, item]))('the %s page says what they say, how to tell and what to do', async (type, item) => {
  const page = openPage('packages/resident/pages/fraud/index', { type })
  await waitForText(page, '常见话术')
  for (const heading of ['怎么识别', '怎么办']) expect(page.text()).toContain(heading)
  expect(page.text()).toContain(item.lines[0].replace(/\s+/g, ' '))
  expect(page.text()).toContain('96110')
  expect(page.text()).toContain('来电预警')
  expect(findByText(page, '拨打 96110 反诈专线')).toBeTruthy()
  page.unload()
})

test('an unknown type says so instead of an empty page', async () => {
  const page = openPage('packages/resident/pages/fraud/index', { type: 'nothing' })
  await waitForText(page, '没有找到这类诈骗的介绍')
  page.unload()
})

test('the township’s warnings show as month, type, age band and loss band — and not at all when there are none', async () => {
  warnings = [
    { month: '2026-11', fraudType: 'brushing', lossBand: 'under_10k', ageBand: '18_39' },
    { month: '2026-10', fraudType: 'fake_police', lossBand: 'over_100k', ageBand: '60_plus' },
    { month: '2026-09', fraudType: 'investment', lossBand: '10k_100k', ageBand: null }
  ]
  const page = openPage('packages/resident/pages/knowledge/index', { township: TOWNSHIP })
  await waitForText(page, '大阳镇近期发生的诈骗')
  expect(page.text()).toContain('2026年11月 · 18-39岁居民 · 损失1万元以下')
  expect(page.text()).toContain('2026年10月 · 60岁以上居民 · 损失10万元以上')
  expect(page.text()).toContain('2026年9月 · 居民 · 损失1万-10万元')
  expect(findAll(page, 'knowledge-warning')).toHaveLength(3)
  page.unload()

  warnings = []
  const before = requests.length
  const empty = openPage('packages/resident/pages/knowledge/index', { township: TOWNSHIP })
  await waitFor(() => requests.slice(before).some((r) => r.path.endsWith('/warnings')))
  await waitForText(empty, '常见诈骗类型')
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(empty.text()).not.toContain('近期发生的诈骗')
  empty.unload()
})
