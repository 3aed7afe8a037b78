import { answerRequests, apiError, findAll, findByText, launchApp, openPage, requests, tap, waitFor, waitForText, wx } from './harness'
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

beforeAll(() => {
  launchApp({
    storage: signedInStorage('official-token', { id: 'u-official', name: '王建国', role: 'official', scope: { regionCode: TOWNSHIP } })
  })
  answerSelectorQueriesWithoutCanvas()
  answerRequests((request) => {
    if (request.method === 'GET' && request.path === `/api/v1/dashboard/${TOWNSHIP}`) {
      return {
        data: {
          region: { code: TOWNSHIP, name: '解放路街道', level: 'township' },
          period: '2026Q4',
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
    }
    if (request.method === 'GET' && request.path === '/api/v1/reports/daily' && request.query.region === TOWNSHIP) {
      return { data: { text: REPORT_TEXT, date: '2026-12-02', weekStart: '2026-11-30', region: { code: TOWNSHIP, name: '解放路街道', level: 'township' }, rows: [] } }
    }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('the township page shows totals and its villages, weakest registration rate first', async () => {
  const page = openPage('packages/official/pages/township/index')
  await waitForText(page, '解放路街道')

  expect(requests[0].header.Authorization).toBe('Bearer official-token')
  const totals = findAll(page, 'township-total-value').map((el) => el.textContent.trim())
  // 户数, 应注册人数, 已注册, 注册率, 已走访户, 达标村社区
  expect(totals).toEqual(['1200', '2000', '1500', '75.0%', '900', '1/4'])

  const villages = findAll(page, 'village-row').map((el) => el.textContent.replace(/\s+/g, ''))
  expect(villages).toHaveLength(4)
  // A village without households has not started: no points, not a 0 that reads like a failing score.
  expect(villages[0]).toContain('西关社区居委会未开始注册率0.0%走访覆盖0.0%得分—')
  expect(villages[1]).toContain('鼓楼社区居委会创建中注册率41.0%走访覆盖30.0%得分52')
  expect(villages[2]).toContain('平阳社区居委会一票否决注册率75.0%走访覆盖50.0%得分40.5')
  expect(villages[3]).toContain('商会社区居委会达标注册率92.0%走访覆盖80.0%得分88')
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
