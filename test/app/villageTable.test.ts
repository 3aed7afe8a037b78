import type { DashboardVillage } from '@/core/api'
import { describePeriod, quarterChoices } from '@/features/dashboard/periods'
import { gridFigures, groupByTownship, pointsGap, sortVillages } from '@/features/dashboard/villageTable'

function village(code: string, name: string, points: number | null, appCoverage: number, visitCoverage: number, households = 10): DashboardVillage {
  return { code, name, households, points, status: points === null ? 'not_started' : points >= 85 ? 'certified' : 'in_progress', appCoverage, visitCoverage }
}

const VILLAGES = [
  village('141002001001', '甲村', 90, 0.95, 0.9),
  village('141002001002', '乙村', 40, 0.5, 0.2),
  village('141002002001', '丙村', null, 0, 0, 0),
  village('141002002002', '丁村', 70, 0.3, 0.6)
]

test('every column puts the weakest first, villages not started last where there are no points', () => {
  const names = (key: Parameters<typeof sortVillages>[1]) => sortVillages(VILLAGES, key, 85).map((row) => row.name)
  expect(names('points')).toEqual(['乙村', '丁村', '甲村', '丙村'])
  expect(names('gap')).toEqual(['乙村', '丁村', '甲村', '丙村'])
  expect(names('appCoverage')).toEqual(['丙村', '丁村', '乙村', '甲村'])
  expect(names('visitCoverage')).toEqual(['丙村', '乙村', '丁村', '甲村'])
})

test('距达标 is the points short of the pass line, never negative, and none without points', () => {
  expect(pointsGap(VILLAGES[1], 85)).toBe(45)
  expect(pointsGap(VILLAGES[0], 85)).toBe(0)
  expect(pointsGap(VILLAGES[2], 85)).toBeNull()
  expect(pointsGap(village('141002001003', '戊村', 84.9, 0.9, 0.9), 85)).toBe(0.1)
})

test('a county groups its villages under their townships, with the townships’ totals', () => {
  const townships = [
    { code: '141002002', name: '二镇', level: 'township' as const },
    { code: '141002001', name: '一镇', level: 'township' as const },
    { code: '141002003', name: '空镇', level: 'township' as const }
  ]
  const groups = groupByTownship(VILLAGES, townships)
  expect(groups.map((group) => [group.township.name, group.villages.map((row) => row.name), group.households, group.certified])).toEqual([
    ['二镇', ['丙村', '丁村'], 10, 0],
    ['一镇', ['甲村', '乙村'], 20, 1]
  ])
})

test('本季度 and 上季度 in China time, across a year', () => {
  // 2026-12-31 17:00 UTC is already 2027-01-01 in China.
  expect(quarterChoices(new Date('2026-12-31T17:00:00Z'))).toEqual([
    { value: '2027Q1', label: '本季度' },
    { value: '2026Q4', label: '上季度' }
  ])
  expect(describePeriod('2026Q4')).toBe('2026年第4季度')
  expect(describePeriod('2026-10-01..2026-11-30')).toBe('2026-10-01 至 2026-11-30')
})

test('each grid’s households and registrations are summed from the household list', () => {
  const household = (id: string, gridId: string, eligible: number, registered: number) => ({
    id, gridId, villageCode: '141002001001', addressText: '', headNameMasked: '', memberCount: eligible, eligible, registered, lastVisitAt: null
  })
  const figures = gridFigures([household('h1', 'g1', 3, 2), household('h2', 'g1', 2, 0), household('h3', 'g2', 1, 1)])
  expect(Object.fromEntries(figures)).toEqual({
    g1: { households: 2, eligible: 5, registered: 2 },
    g2: { households: 1, eligible: 1, registered: 1 }
  })
})
