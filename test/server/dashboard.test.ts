import type { Dashboard } from '../../src/core/api'
import { DEFAULT_RULE_SET } from '../../src/core/scoring'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, login, OTHER_VILLAGE_SAME_TOWNSHIP, seedWorld, TOWNSHIP, uuid, VILLAGE } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

describe.each(databases())('township dashboard on %s', (dialect: TestDialect) => {
  let server: TestServer
  const auth: Record<'worker' | 'village' | 'official' | 'otherOfficial' | 'admin', Auth> = {} as never
  const household = uuid()
  const members = [uuid(), uuid(), uuid()]

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['worker', 'village', 'official', 'otherOfficial', 'admin'] as const) auth[who] = await login(server, who)
    // Two eligible members and a child (not eligible); one visit this quarter.
    const results = await push(server, auth.worker, [
      householdUpsert({ id: household, gridId: GRID_A }),
      householdUpsert({ id: uuid(), gridId: GRID_A, address: { group: '四组', door: '8' } }),
      memberUpsert({ id: members[0], householdId: household, name: '陈建华', birthYear: 1980, isHead: true }),
      memberUpsert({ id: members[1], householdId: household, name: '陈丽', birthYear: 1985 }),
      memberUpsert({ id: members[2], householdId: household, name: '陈小宝', birthYear: 2018 }),
      visitRecord({ id: uuid(), householdId: household, at: '2026-11-10T10:00:00+08:00' })
    ])
    expect(results.filter((r) => r.status !== 'applied')).toEqual([])
  })
  afterAll(() => server.close())

  async function dashboard(who: Auth, region: string, query = '') {
    return server.app.inject({ method: 'GET', url: `/api/v1/dashboard/${region}${query}`, headers: who })
  }
  const villageOf = (body: Dashboard, code: string) => body.villages.find((village) => village.code === code)!

  test('lists every village of the township, also one without households, with totals for the quarter', async () => {
    const response = await dashboard(auth.official, TOWNSHIP)
    expect(response.statusCode).toBe(200)
    const body: Dashboard = response.json()
    expect(body.region).toEqual({ code: TOWNSHIP, name: '解放路街道', level: 'township' })
    expect(body.period).toBe('2026Q4')
    expect(body.ruleSet).toEqual({ id: expect.any(String), version: 1 })
    expect(body.totals).toEqual({ villages: 2, certified: 0, households: 2, eligible: 2, registered: 0, visitedHouseholds: 1 })
    expect(body.villages.map((village) => village.code)).toEqual([VILLAGE, OTHER_VILLAGE_SAME_TOWNSHIP])
    // 12.5 visit points (1 of 2 households) + 5 alert follow-up points (no warnings received).
    expect(villageOf(body, VILLAGE)).toMatchObject({ name: '商会社区居委会', households: 2, points: 17.5, status: 'in_progress', appCoverage: 0, visitCoverage: 0.5 })
    // No households: not started, no points (not the 5 that no warnings alone would give).
    expect(villageOf(body, OTHER_VILLAGE_SAME_TOWNSHIP)).toEqual({
      code: OTHER_VILLAGE_SAME_TOWNSHIP,
      name: '平阳社区居委会',
      households: 0,
      points: null,
      status: 'not_started',
      appCoverage: 0,
      visitCoverage: 0
    })
    expect(body.trend).toEqual([])
  })

  test('registering members raises the village’s app coverage, its points and the registered total', async () => {
    const before: Dashboard = (await dashboard(auth.official, TOWNSHIP)).json()
    await push(server, auth.worker, [memberApp({ memberId: members[0] })])
    const half: Dashboard = (await dashboard(auth.official, TOWNSHIP)).json()
    expect(half.totals.registered).toBe(before.totals.registered + 1)
    expect(villageOf(half, VILLAGE).appCoverage).toBe(0.5)
    // Registering the child changes nothing: children are not eligible.
    await push(server, auth.worker, [memberApp({ memberId: members[2] }), memberApp({ memberId: members[1] })])
    const full: Dashboard = (await dashboard(auth.official, TOWNSHIP)).json()
    expect(full.totals).toMatchObject({ eligible: 2, registered: 2 })
    expect(villageOf(full, VILLAGE).appCoverage).toBe(1)
    expect(villageOf(full, VILLAGE).points! - villageOf(before, VILLAGE).points!).toBe(DEFAULT_RULE_SET.indicators.app_coverage.points)
  })

  test('another period counts the visits inside it', async () => {
    const previous: Dashboard = (await dashboard(auth.official, TOWNSHIP, '?period=2026Q3')).json()
    expect(previous.period).toBe('2026Q3')
    expect(previous.totals.visitedHouseholds).toBe(0)
    const range: Dashboard = (await dashboard(auth.official, TOWNSHIP, '?period=2026-11-01..2026-11-30')).json()
    expect(range.totals.visitedHouseholds).toBe(1)
  })

  test('an admin sees the county with every village under it', async () => {
    const response = await dashboard(auth.admin, '141002')
    expect(response.statusCode).toBe(200)
    const body: Dashboard = response.json()
    expect(body.region.level).toBe('county')
    expect(body.totals).toMatchObject({ villages: 3, households: 2 })
  })

  test('a city’s rows are its counties, each with its villages, certified villages and households', async () => {
    const response = await dashboard(auth.admin, '1410')
    expect(response.statusCode).toBe(200)
    const body: Dashboard = response.json()
    expect(body.region).toEqual({ code: '1410', name: '临汾市', level: 'city' })
    expect(body.totals).toMatchObject({ villages: 3, households: 2, eligible: 2 })
    expect(body.villages).toEqual([
      {
        code: '141002',
        name: '尧都区',
        households: 2,
        points: null,
        status: 'in_progress',
        appCoverage: body.totals.registered / 2,
        visitCoverage: 0.5,
        villages: 3,
        certified: 0
      }
    ])
  })

  test('a region outside the scope, a village, or an unknown region answers 404', async () => {
    for (const [who, region] of [
      [auth.otherOfficial, TOWNSHIP],
      [auth.official, '141002002'],
      [auth.official, '141002'],
      [auth.village, TOWNSHIP],
      [auth.official, VILLAGE],
      [auth.official, '1410'],
      [auth.admin, '141002009'],
      [auth.admin, 'abc']
    ] as const) {
      const response = await dashboard(who, region)
      expect(response.statusCode).toBe(404)
      expect(response.json().error.code).toBe('NOT_FOUND')
    }
  })

  test('a malformed period answers 400 naming the field', async () => {
    const response = await dashboard(auth.official, TOWNSHIP, '?period=2026Q5')
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details).toEqual([{ field: 'period', message: '统计周期格式不正确，应如 2026Q4 或 2026-10-01..2026-12-31' }])
  })

  test('grid workers have no dashboard', async () => {
    expect((await dashboard(auth.worker, TOWNSHIP)).statusCode).toBe(403)
  })
})
