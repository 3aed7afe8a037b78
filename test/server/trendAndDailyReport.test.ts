import type { InjectOptions } from 'fastify'
import type { Dashboard } from '../../src/core/api'
import type { DailyReport } from '../../src/core/dailyReport'
import { databases, startServer, type TestServer } from './harness'
import { GRID_A, TOWNSHIP, VILLAGE, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord, type Envelope } from './mutationBuilders'

type Auth = { authorization: string }

/** Friday 13 November 2026, 10:00 and Sunday 15 November, 10:00 in China (the week starts Monday the 9th). */
const FRIDAY = new Date('2026-11-13T02:00:00.000Z')
const SUNDAY = new Date('2026-11-15T02:00:00.000Z')

/** Mutations as sent at `at` (China time) by the worker's phone. */
const sentAt = (at: string, envelopes: Envelope[]) => envelopes.map((envelope) => ({ ...envelope, at }))

describe.each(databases())('daily snapshots, the trend and the daily report on %s', (dialect) => {
  let server: TestServer
  let official: Auth
  let admin: Auth
  let worker: Auth
  const members = { friday: uuid(), fridayUnregistered: uuid(), sunday: uuid() }

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    official = await login(server, 'official')
    admin = await login(server, 'admin')
    worker = await login(server, 'worker')

    // Friday: one household of two eligible members, one registered, visited that morning.
    server.clock.now = FRIDAY
    const friday = uuid()
    await push(server, worker, sentAt('2026-11-13T10:00:00+08:00', [
      householdUpsert({ id: friday, gridId: GRID_A }),
      memberUpsert({ id: members.friday, householdId: friday }),
      memberUpsert({ id: members.fridayUnregistered, householdId: friday, name: '王建军' }),
      memberApp({ memberId: members.friday }),
      visitRecord({ id: uuid(), householdId: friday, at: '2026-11-13T09:30:00+08:00' })
    ]))
    await server.app.dailySnapshots.takeToday()

    // Sunday: a second household, its member registered; not visited.
    server.clock.now = SUNDAY
    const sunday = uuid()
    await push(server, worker, sentAt('2026-11-15T10:00:00+08:00', [
      householdUpsert({ id: sunday, gridId: GRID_A, address: { group: '三组', door: '14' } }),
      memberUpsert({ id: members.sunday, householdId: sunday, name: '李桂芳' }),
      memberApp({ memberId: members.sunday })
    ]))
    await server.app.dailySnapshots.takeToday()
  })
  afterAll(() => server.close())

  const get = (auth: Auth, url: string) => server.app.inject({ method: 'GET', url, headers: auth } as InjectOptions)
  const trendOf = async (region: string, period = '2026Q4', auth = official) => (await get(auth, `/api/v1/dashboard/${region}?period=${period}`)).json<Dashboard>().trend
  const snapshotRows = () => server.database.db.selectFrom('village_daily').selectAll().orderBy('day').execute()

  test('the job writes one row per village with households per day, and a second run the same day replaces it', async () => {
    expect((await snapshotRows()).map((row) => [row.village_code, row.day, Number(row.households), Number(row.registered)])).toEqual([
      [VILLAGE, '2026-11-13', 1, 1],
      [VILLAGE, '2026-11-15', 2, 2]
    ])
    // A later run the same day (the hourly job) sees the change made since, in the same row.
    await push(server, worker, sentAt('2026-11-15T10:00:00+08:00', [memberApp({ memberId: members.fridayUnregistered })]))
    expect(await server.app.dailySnapshots.takeToday()).toBe(1)
    const rows = await snapshotRows()
    expect(rows).toHaveLength(2)
    expect(Number(rows[1].registered)).toBe(3)
  })

  test('the dashboard’s trend sums the region’s rows per day of the period', async () => {
    expect(await trendOf(TOWNSHIP)).toEqual([
      { date: '2026-11-13', appCoverage: 1 / 2, visitCoverage: 1, certified: 0 },
      { date: '2026-11-15', appCoverage: 3 / 3, visitCoverage: 1 / 2, certified: 0 }
    ])
    expect(await trendOf('141002', '2026Q4', admin)).toEqual(await trendOf(TOWNSHIP))
    // Another township's villages, and another period, have no rows.
    expect(await trendOf('141002002', '2026Q4', admin)).toEqual([])
    expect(await trendOf(TOWNSHIP, '2026Q3')).toEqual([])
    expect(await trendOf(TOWNSHIP, '2026-11-14..2026-11-30')).toHaveLength(1)
  })

  test('a past day is reconstructed from the records’ timestamps as it stood at the end of that day', async () => {
    const endOfSaturday = new Date('2026-11-14T16:00:00.000Z')
    expect(await server.app.dailySnapshots.takeAt(endOfSaturday)).toBe(1)
    const saturday = (await trendOf(TOWNSHIP)).find((point) => point.date === '2026-11-14')
    // Sunday's household and both Sunday registrations did not exist yet; Friday's visit counts.
    expect(saturday).toEqual({ date: '2026-11-14', appCoverage: 1 / 2, visitCoverage: 1, certified: 0 })
  })

  test('the daily report counts the day and the week by village, and its text names no one', async () => {
    const response = await get(official, '/api/v1/reports/daily')
    expect(response.statusCode).toBe(200)
    const report = response.json<DailyReport>()
    expect(report).toMatchObject({
      date: '2026-11-15',
      weekStart: '2026-11-09',
      region: { code: TOWNSHIP, name: '解放路街道', level: 'township' },
      day: { households: 1, registered: 2, visitedHouseholds: 0 },
      week: { households: 2, registered: 3, visitedHouseholds: 1 },
      coverage: { appCoverage: 1, visitCoverage: 1 / 2 }
    })
    // Only the village that changed this week; 平阳社区 had nothing to report.
    expect(report.rows).toEqual([
      { code: VILLAGE, name: '商会社区居委会', households: 1, registered: 2, visitedHouseholds: 0, week: { households: 2, registered: 3, visitedHouseholds: 1 } }
    ])
    expect(report.text).toBe(
      '【解放路街道无诈社区创建日报】11月15日：新增登记1户，新增注册APP 2人，走访0户；' +
        '本周（11月9日起）累计新增登记2户，新增注册APP 3人，走访1户；进展最快：商会社区居委会（+2人）；' +
        '截至当日APP注册率100.0%，本季走访覆盖率50.0%。'
    )
    for (const name of ['王秀兰', '王建军', '李桂芳']) expect(report.text).not.toContain(name)
  })

  test('a past day’s report: Friday’s change, and no snapshot line when none was taken that day', async () => {
    const friday = (await get(official, `/api/v1/reports/daily?region=${TOWNSHIP}&date=2026-11-13`)).json<DailyReport>()
    expect(friday).toMatchObject({ day: { households: 1, registered: 1, visitedHouseholds: 1 }, week: { households: 1, registered: 1, visitedHouseholds: 1 } })
    const tuesday = (await get(official, `/api/v1/reports/daily?date=2026-11-10`)).json<DailyReport>()
    expect(tuesday).toMatchObject({ day: { households: 0, registered: 0, visitedHouseholds: 0 }, rows: [], coverage: null })
    expect(tuesday.text).toBe(
      '【解放路街道无诈社区创建日报】11月10日：新增登记0户，新增注册APP 0人，走访0户；' +
        '本周（11月9日起）累计新增登记0户，新增注册APP 0人，走访0户；今日各村暂无新增注册。'
    )
  })

  test('bad parameters answer 400 naming the field; a region outside the scope 404', async () => {
    const refusal = async (auth: Auth, query: string) => {
      const response = await get(auth, `/api/v1/reports/daily?${query}`)
      return { status: response.statusCode, details: response.json().error?.details }
    }
    expect(await refusal(official, 'date=2026-11-16')).toEqual({ status: 400, details: [{ field: 'date', message: '日期不能晚于今天（2026-11-15）' }] })
    expect(await refusal(official, 'date=2026-02-30')).toEqual({ status: 400, details: [{ field: 'date', message: '日期应为有效日期，如 2026-12-02' }] })
    // The admin's own region is a city: a daily report is a township's or a county's.
    expect(await refusal(admin, '')).toEqual({ status: 400, details: [{ field: 'region', message: '地区应为乡镇（9位）或区县（6位）区划代码' }] })
    expect((await get(admin, `/api/v1/reports/daily?region=${TOWNSHIP}`)).statusCode).toBe(200)
    expect((await refusal(official, 'region=141002002')).status).toBe(404)
  })
})
