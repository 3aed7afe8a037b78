import { answerRequests, apiError, findAll, launchApp, openPage, requests, waitForText } from './harness'
import { signedInStorage } from './fixtures'

const TOWNSHIP = '141002001'

beforeAll(() => {
  launchApp({
    storage: signedInStorage('official-token', { id: 'u-official', name: '王建国', role: 'official', scope: { regionCode: TOWNSHIP } })
  })
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
          trend: []
        }
      }
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
