import { answerRequests, apiError, find, findAll, findByText, fire, launchApp, openPage, requests, tap, type, waitFor, waitForText, wx } from './harness'
import { signedInStorage } from './fixtures'

const TOWNSHIP = '141002001'

const REPORT_TEXT =
  '【解放路街道无诈社区创建日报】12月2日：新增登记3户，新增注册APP 12人，走访9户；本周（11月30日起）累计新增登记5户，' +
  '新增注册APP 30人，走访25户；进展最快：商会社区居委会（+8人）、平阳社区居委会（+4人）。'

/**
 * miniprogram-simulate's selector query records selections and never answers (it has no canvas); WeChat
 * answers every query, here as a page without a laid-out canvas would: no node, no rect.
 */
function answerSelectorQueriesWithoutCanvas() {
  jest.spyOn(wx, 'createSelectorQuery').mockImplementation(() => {
    const fields: null[] = []
    const query = {
      in: () => query,
      select: () => nodes,
      exec: (callback?: (results: null[]) => void) => callback?.(fields)
    }
    const field = () => {
      fields.push(null)
      return query
    }
    const nodes = { node: field, boundingClientRect: field, fields: field }
    return query
  })
}

function dashboardOf(period: string) {
  return {
    region: { code: TOWNSHIP, name: '解放路街道', level: 'township' },
    period,
    ruleSet: { id: 'rs-1', version: 1 },
    totals: { villages: 4, certified: 1, households: 1200, eligible: 2000, registered: 1500, visitedHouseholds: 900 },
    villages: [
      { code: '141002001001', name: '商会社区居委会', households: 500, points: 88, status: 'certified', appCoverage: 0.92, visitCoverage: 0.8 },
      { code: '141002001002', name: '平阳社区居委会', households: 400, points: 40.5, status: 'vetoed', appCoverage: 0.75, visitCoverage: 0.5 },
      { code: '141002001003', name: '鼓楼社区居委会', households: 300, points: 52, status: 'in_progress', appCoverage: 0.41, visitCoverage: 0.3 },
      { code: '141002001004', name: '西关社区居委会', households: 0, points: null, status: 'not_started', appCoverage: 0, visitCoverage: 0 }
    ],
    trend: [
      { date: '2026-11-30', appCoverage: 0.7, visitCoverage: 0.4, certified: 0 },
      { date: '2026-12-01', appCoverage: 0.72, visitCoverage: 0.42, certified: 1 },
      { date: '2026-12-02', appCoverage: 0.75, visitCoverage: 0.45, certified: 1 }
    ]
  }
}

const COUNTY = '141002'
const CITY = '1410'
const COUNTY_REGION = {
  code: COUNTY,
  name: '尧都区',
  level: 'county',
  parentCode: CITY,
  children: [
    { code: '141002001', name: '解放路街道', level: 'township' },
    { code: '141002102', name: '大阳镇', level: 'township' },
    { code: '141002103', name: '空镇', level: 'township' }
  ]
}

function countyDashboard(period: string) {
  const township = dashboardOf(period)
  return {
    ...township,
    region: { code: COUNTY, name: '尧都区', level: 'county' },
    totals: { ...township.totals, villages: 6, certified: 2, households: 1300 },
    villages: [
      ...township.villages,
      { code: '141002102200', name: '大阳村委会', households: 100, points: 90, status: 'certified', appCoverage: 0.95, visitCoverage: 0.9 },
      { code: '141002102201', name: '东村委会', households: 0, points: null, status: 'not_started', appCoverage: 0, visitCoverage: 0 }
    ]
  }
}

function cityDashboard(period: string) {
  return {
    ...countyDashboard(period),
    region: { code: CITY, name: '临汾市', level: 'city' },
    villages: [{ code: COUNTY, name: '尧都区', households: 1300, points: null, status: 'in_progress', appCoverage: 0.7, visitCoverage: 0.6, villages: 6, certified: 2 }]
  }
}

beforeAll(() => {
  launchApp({
    storage: signedInStorage('official-token', { id: 'u-official', name: '王建国', role: 'official', scope: { regionCode: TOWNSHIP } })
  })
  answerSelectorQueriesWithoutCanvas()
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === '/api/v1/reports/daily' && request.query.region === TOWNSHIP) {
      return { data: { text: REPORT_TEXT, date: '2026-12-02', weekStart: '2026-11-30', region: { code: TOWNSHIP, name: '解放路街道', level: 'township' }, rows: [] } }
    }
    if (request.method === 'GET' && request.path === `/api/v1/dashboard/${TOWNSHIP}`) return { data: dashboardOf(request.query.period) }
    if (request.method === 'GET' && request.path === '/api/v1/rulesets/current') return { data: { id: 'rs-1', version: 1, passPoints: 85 } }
    if (request.path === `/api/v1/dashboard/${COUNTY}`) return { data: countyDashboard(request.query.period) }
    if (request.path === `/api/v1/regions/${COUNTY}`) return { data: COUNTY_REGION }
    if (request.path === `/api/v1/dashboard/${CITY}`) return { data: cityDashboard(request.query.period) }
    if (request.method === 'POST' && request.path === '/api/v1/activities') return { status: 201, data: { id: 'a-1' } }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

const rowTexts = (page: ReturnType<typeof openPage>) => findAll(page, 'village-row').map((el) => el.textContent.replace(/\s+/g, ''))

test('the township page shows certified of all, totals and its villages, lowest points first', async () => {
  const page = openPage('packages/official/pages/township/index')
  await waitForText(page, '解放路街道')
  await waitForText(page, '距达标')

  expect(requests[0].header.Authorization).toBe('Bearer official-token')
  expect(requests[0].query.period).toMatch(/^\d{4}Q[1-4]$/)
  expect(page.text()).toContain('达标村社区 1/4')
  const totals = findAll(page, 'township-total-value').map((el) => el.textContent.trim())
  // 户数, 应注册人数, 已注册, 注册率, 已走访户, 走访覆盖
  expect(totals).toEqual(['1200', '2000', '1500', '75.0%', '900', '75.0%'])

  const villages = rowTexts(page)
  expect(villages).toHaveLength(4)
  expect(villages[0]).toContain('平阳社区居委会一票否决注册率75.0%走访覆盖50.0%得分40.5距达标44.5分')
  expect(villages[1]).toContain('鼓楼社区居委会创建中注册率41.0%走访覆盖30.0%得分52距达标33分')
  expect(villages[2]).toContain('商会社区居委会达标注册率92.0%走访覆盖80.0%得分88户数500')
  // A village without households has not started: no points, not a 0 that reads like a failing score.
  expect(villages[3]).toContain('西关社区居委会未开始注册率0.0%走访覆盖0.0%得分—户数0')
  page.unload()
})

test('the table sorts by registration rate, and a row opens the village page for the period', async () => {
  const page = openPage('packages/official/pages/township/index')
  await waitForText(page, '距达标')
  tap(findByText(page, '注册率'))
  const order = ['西关社区居委会', '鼓楼社区居委会', '平阳社区居委会', '商会社区居委会']
  await waitFor(() => rowTexts(page).map((text) => text.slice(0, 7)).join() === order.join())

  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  tap(findAll(page, 'village-row')[1])
  await waitFor(() => navigateTo.mock.calls.length === 1)
  expect((navigateTo.mock.calls[0][0] as any).url).toMatch(/^\/packages\/official\/pages\/village\/index\?code=141002001003&period=\d{4}Q[1-4]$/)
  navigateTo.mockRestore()
  page.unload()
})

test('上季度 asks for the previous quarter', async () => {
  const page = openPage('packages/official/pages/township/index')
  await waitForText(page, '距达标')
  const before = requests.length
  tap(findByText(page, '上季度'))
  await waitFor(() => requests.slice(before).some((request) => request.path === `/api/v1/dashboard/${TOWNSHIP}`))
  const asked = requests.slice(before).find((request) => request.path === `/api/v1/dashboard/${TOWNSHIP}`)!
  expect(asked.query.period).not.toBe(requests[0].query.period)
  expect(asked.query.period).toMatch(/^\d{4}Q[1-4]$/)
  page.unload()
})

test('a county groups its villages under their townships, each with its totals and opening the township', async () => {
  const page = openPage('packages/official/pages/township/index', { code: COUNTY })
  await waitForText(page, '尧都区')
  await waitForText(page, '大阳镇')
  const heads = findAll(page, 'township-group-head').map((el) => el.textContent.replace(/\s+/g, ''))
  expect(heads).toEqual(['解放路街道达标1/4·1200户', '大阳镇达标1/2·100户'])
  const names = rowTexts(page).map((text) => text.replace(/(达标|创建中|一票否决|未开始)注册率.*$/, ''))
  expect(names).toEqual(['平阳社区居委会', '鼓楼社区居委会', '商会社区居委会', '西关社区居委会', '大阳村委会', '东村委会'])

  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  tap(findAll(page, 'township-group-head')[1])
  await waitFor(() => navigateTo.mock.calls.length === 1)
  expect((navigateTo.mock.calls[0][0] as any).url).toMatch(/^\/packages\/official\/pages\/township\/index\?code=141002102&period=/)
  navigateTo.mockRestore()
  page.unload()
})

test('a city lists its counties with villages certified, each opening the county', async () => {
  const page = openPage('packages/official/pages/township/index', { code: CITY })
  await waitForText(page, '各区县')
  expect(rowTexts(page)).toEqual([expect.stringContaining('尧都区达标2/6注册率70.0%走访覆盖60.0%户数1300')])
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  tap(findAll(page, 'village-row')[0])
  await waitFor(() => navigateTo.mock.calls.length === 1)
  expect((navigateTo.mock.calls[0][0] as any).url).toMatch(/^\/packages\/official\/pages\/township\/index\?code=141002&period=/)
  navigateTo.mockRestore()
  page.unload()
})

test('the trend’s latest day is told in words, and 复制今日日报 copies the report’s text for the WeChat group', async () => {
  const page = openPage('packages/official/pages/township/index')
  await waitForText(page, '12月2日：注册率75.0%，走访覆盖率45.0%，达标1个')
  const clipboard = jest.spyOn(wx, 'setClipboardData').mockClear()
  const showToast = jest.spyOn(wx, 'showToast').mockClear()

  tap(findByText(page, '复制今日日报'))
  await waitFor(() => showToast.mock.calls.length > 0)
  expect(requests.some((request) => request.path === '/api/v1/reports/daily' && request.query.region === TOWNSHIP)).toBe(true)
  expect(clipboard).toHaveBeenCalledTimes(1)
  expect((clipboard.mock.calls[0][0] as any).data).toBe(REPORT_TEXT)
  expect((showToast.mock.calls[0][0] as any).title).toBe('已复制，可粘贴到工作群')
  // On weapp the report can also leave as an image.
  expect(findByText(page, '生成分享图')).toBeTruthy()
  page.unload()
})

test('记录乡镇宣传活动 is offered on a township only, records the township’s activity and loads the dashboard again', async () => {
  const county = openPage('packages/official/pages/township/index', { code: COUNTY })
  await waitForText(county, '大阳镇')
  expect(county.text()).not.toContain('记录乡镇宣传活动')
  county.unload()

  const page = openPage('packages/official/pages/township/index')
  await waitForText(page, '距达标')
  tap(findByText(page, '记录乡镇宣传活动'))
  await waitForText(page, '计入本乡镇每个村社区')
  let picker: HTMLElement | null = find(page, 'activity-date')
  while (picker && !picker.tagName.toLowerCase().includes('picker')) picker = picker.parentElement
  fire(picker!, 'change', { value: '2026-11-20' })
  tap(findAll(page, 'activity-kind')[1])
  type(find(page, 'activity-title'), '反诈集中宣传日')
  type(find(page, 'activity-participants'), '300')
  await new Promise((resolve) => setTimeout(resolve, 100))
  const before = requests.length
  tap(findByText(page, '保存'))
  await waitFor(() => requests.slice(before).some((request) => request.method === 'GET' && request.path === `/api/v1/dashboard/${TOWNSHIP}`))
  const sent = requests.slice(before).find((request) => request.method === 'POST')!
  expect(sent.path).toBe('/api/v1/activities')
  expect(sent.data).toEqual({ regionCode: TOWNSHIP, date: '2026-11-20', title: '反诈集中宣传日', kind: 'street', participants: 300 })
  await waitFor(() => findAll(page, 'activity-form').length === 0)
  page.unload()
})
