import { byMovement, dailyReportText, type DailyReport, type DailyReportRow } from '../../src/core/dailyReport'

const row = (name: string, registered: number, visitedHouseholds = 0, weekRegistered = registered): DailyReportRow => ({
  code: `1410021020${name.length}${registered}`,
  name,
  households: 0,
  registered,
  visitedHouseholds,
  week: { households: 0, registered: weekRegistered, visitedHouseholds }
})

const report = (rows: DailyReportRow[]): Omit<DailyReport, 'text'> => ({
  date: '2026-12-02',
  weekStart: '2026-11-30',
  region: { code: '141002102', name: '大阳镇', level: 'township' },
  day: { households: 12, registered: 30, visitedHouseholds: 25 },
  week: { households: 40, registered: 96, visitedHouseholds: 80 },
  rows: [...rows].sort(byMovement),
  coverage: { appCoverage: 0.6234, visitCoverage: 0.55 }
})

describe('the daily report’s text', () => {
  test('names the three villages that registered most today, in that order, and the day’s coverage', () => {
    const text = dailyReportText(report([row('西村', 2), row('大阳村', 8), row('东村', 0, 9, 20), row('南村', 5), row('北村', 1)]))
    expect(text).toBe(
      '【大阳镇无诈社区创建日报】12月2日：新增登记12户，新增注册APP 30人，走访25户；' +
        '本周（11月30日起）累计新增登记40户，新增注册APP 96人，走访80户；' +
        '进展最快：大阳村（+8人）、南村（+5人）、西村（+2人）；截至当日APP注册率62.3%，本季走访覆盖率55.0%。'
    )
  })

  test('a village with visits but no registration today is listed but never named as moving fastest', () => {
    const sorted = report([row('东村', 0, 9), row('西村', 0, 3)])
    expect(sorted.rows.map((r) => r.name)).toEqual(['东村', '西村'])
    expect(dailyReportText(sorted)).toContain('今日各村暂无新增注册')
  })
})
