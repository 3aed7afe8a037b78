import { generateGridMutations } from '../../server/src/demo/households'
import { DemoRandom } from '../../server/src/demo/random'
import { DEMO_ACCOUNTS, DEMO_GRIDS, DEMO_PASSWORD, DEMO_TOWNSHIP, DEMO_VILLAGE } from '../../server/src/demo/plan'
import { prepareDemo, seedDemo, type DemoDeps } from '../../server/src/demo/seedDemo'
import { formatDemoBanner } from '../../server/src/demo/banner'
import { readConfig } from '../../server/src/config'
import { StartRefused } from '../../server/src/errors'
import { currentQuarter, periodInstants, yearInChina } from '../../src/core/period'
import { isEligible, type MemberUpsert } from '../../src/core/member'
import { isValidPhone } from '../../src/core/phone'
import { parseMutationPayload, type Mutation } from '../../src/core/mutations'
import { mutationTimeErrors } from '../../src/core/timeRules'
import type { Dashboard, HouseholdSummary, Page } from '../../src/core/api'
import { databases, startServer, type TestServer } from './harness'
import { seedWorld } from './fixtures'

const NOW = new Date('2026-11-15T02:00:00.000Z')
const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret' }

function generateAll(now: Date): Map<string, Mutation[]> {
  const context = { random: new DemoRandom(42), now, phones: new Set<string>() }
  return new Map(DEMO_GRIDS.map((grid) => [grid.key, generateGridMutations(grid, context)]))
}

function payloadsOf<T>(mutations: Mutation[], type: Mutation['type']): T[] {
  return mutations.filter((m) => m.type === type).map((m) => m.payload as T)
}

describe('demo household generator', () => {
  const byGrid = generateAll(NOW)
  const all = [...byGrid.values()].flat()
  const members = payloadsOf<MemberUpsert>(all, 'member.upsert')

  test('is deterministic: the same seed and day give the same mutations', () => {
    expect(generateAll(NOW)).toEqual(byGrid)
  })

  test('about 200 households, most in the demo village, 60-80 in the demo worker’s grid', () => {
    const households = (key: string) => payloadsOf(byGrid.get(key)!, 'household.upsert').length
    const total = DEMO_GRIDS.reduce((sum, grid) => sum + households(grid.key), 0)
    expect(total).toBe(200)
    const inVillage = DEMO_GRIDS.filter((grid) => grid.villageCode === DEMO_VILLAGE).reduce((sum, grid) => sum + households(grid.key), 0)
    expect(inVillage / total).toBeGreaterThan(0.6)
    expect(households('dayang-1')).toBeGreaterThanOrEqual(60)
    expect(households('dayang-1')).toBeLessThanOrEqual(80)
    expect(new Set(DEMO_GRIDS.filter((grid) => grid.households > 0).map((grid) => grid.villageCode)).size).toBe(5)
  })

  test('every payload passes the core schema and time rules of its type, and ids are unique', () => {
    for (const mutation of all) {
      const parsed = parseMutationPayload(mutation.type, mutation.payload)
      expect({ id: mutation.id, ok: parsed.success }).toEqual({ id: mutation.id, ok: true })
      expect(mutationTimeErrors(mutation.type, mutation.payload, NOW)).toEqual([])
    }
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length)
    expect(new Set(members.map((m) => m.id)).size).toBe(members.length)
  })

  test('members look like a village: many over 60, children, people away, no ID numbers, valid unique phones', () => {
    const year = yearInChina(NOW)
    const ages = members.map((m) => year - m.birthYear!)
    const share = (predicate: (m: MemberUpsert, age: number) => boolean) => members.filter((m, i) => predicate(m, ages[i])).length / members.length
    expect(share((_, age) => age >= 60)).toBeGreaterThan(0.2)
    expect(share((_, age) => age < 16)).toBeGreaterThan(0.08)
    expect(share((m) => Boolean(m.away))).toBeGreaterThan(0.03)
    expect(share((m, age) => age >= 70 && m.smartphone === 'yes')).toBeLessThan(share((_, age) => age >= 70) / 2)
    expect(members.every((m) => m.idNumber === undefined && /^[\u4e00-\u9fa5]{2,3}$/.test(m.name))).toBe(true)
    const phones = members.flatMap((m) => (m.phone ? [m.phone] : []))
    expect(phones.length).toBeGreaterThan(100)
    expect(phones.every(isValidPhone)).toBe(true)
    expect(new Set(phones).size).toBe(phones.length)
    // Each household has exactly one head, who is 户主.
    const heads = members.filter((m) => m.isHead)
    expect(heads).toHaveLength(200)
    expect(heads.every((m) => m.relation === '户主')).toBe(true)
  })

  test('app statuses follow each grid’s planned rate; refusals carry a reason', () => {
    const year = yearInChina(NOW)
    for (const grid of DEMO_GRIDS.filter((g) => g.households > 0)) {
      const mutations = byGrid.get(grid.key)!
      const registered = new Set(
        payloadsOf<{ memberId: string; status: string }>(mutations, 'member.app')
          .filter((app) => app.status === 'registered')
          .map((app) => app.memberId)
      )
      const eligible = payloadsOf<MemberUpsert>(mutations, 'member.upsert').filter((m) => isEligible(m, year))
      const rate = eligible.filter((m) => registered.has(m.id)).length / eligible.length
      expect({ grid: grid.key, rate: Math.round(rate * 20) / 20 }).toEqual({ grid: grid.key, rate: Math.round(grid.registeredRate * 20) / 20 })
    }
    const apps = payloadsOf<{ status: string; reason?: string }>(all, 'member.app')
    expect(apps.filter((app) => app.status === 'refused').every((app) => Boolean(app.reason))).toBe(true)
    for (const status of ['registered', 'installed_unregistered', 'not_installed', 'refused']) {
      expect(apps.some((app) => app.status === status)).toBe(true)
    }
  })

  test('visits lie before now, a planned share of each grid in the current quarter', () => {
    const quarter = periodInstants(currentQuarter(NOW))
    const visits = payloadsOf<{ householdId: string; at: string; actions: string[] }>(all, 'visit.record')
    expect(visits.every((v) => Date.parse(v.at) < NOW.getTime() && v.actions.length > 0)).toBe(true)
    const grid = DEMO_GRIDS.find((g) => g.key === 'dayang-1')!
    const visitedThisQuarter = new Set(
      payloadsOf<{ householdId: string; at: string }>(byGrid.get(grid.key)!, 'visit.record')
        .filter((v) => v.at >= quarter.from)
        .map((v) => v.householdId)
    )
    expect(visitedThisQuarter.size).toBe(Math.round(grid.visitRate * grid.households))
  })
})

describe.each(databases())('demo seed on %s', (dialect) => {
  let standIn: TestServer
  let server: TestServer
  let deps: DemoDeps

  beforeAll(async () => {
    standIn = await startServer('sqlite', { ...WECHAT, wechatStandIn: true })
    const wechatApiBase = `${await standIn.app.listen({ port: 0, host: '127.0.0.1' })}/wechat-stand-in`
    server = await startServer(dialect, { ...WECHAT, wechatApiBase })
    server.clock.now = NOW
    deps = { config: server.config, database: server.database, cipher: server.app.cipher, now: () => server.clock.now }
    expect(await seedDemo(deps)).toBe(true)
  }, 60_000)
  afterAll(async () => {
    await server.close()
    await standIn.close()
  })

  async function login(username: string): Promise<{ authorization: string }> {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username, password: DEMO_PASSWORD } })
    expect({ username, status: response.statusCode }).toEqual({ username, status: 200 })
    return { authorization: `Bearer ${response.json().token}` }
  }

  async function count(table: 'users' | 'households' | 'members' | 'visits' | 'grids' | 'regions' | 'certifications'): Promise<number> {
    const row = await server.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  test('the four demo accounts sign in with the demo password, with the scopes API.md promises', async () => {
    const expected = {
      'demo-admin': { role: 'admin', scope: { regionCode: '1410' } },
      'demo-official': { role: 'official', scope: { regionCode: DEMO_TOWNSHIP } },
      'demo-village': { role: 'village_admin', scope: { regionCode: DEMO_VILLAGE } },
      'demo-worker': { role: 'grid_worker', scope: { regionCode: DEMO_VILLAGE, gridIds: [DEMO_GRIDS[0].id] } }
    }
    for (const [username, user] of Object.entries(expected)) {
      const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: await login(username) })
      expect(me.json()).toMatchObject(user)
    }
    const township = await server.database.db.selectFrom('regions').selectAll().where('code', '=', DEMO_TOWNSHIP).executeTakeFirstOrThrow()
    expect(township).toMatchObject({ name: '大阳镇', level: 'township', parent_code: '141002' })
  })

  test('Linfen’s regions and about 200 households were written through the push path, phones encrypted', async () => {
    expect(await count('regions')).toBeGreaterThan(2326)
    expect(await count('households')).toBe(200)
    const pushed = await server.database.db
      .selectFrom('mutations')
      .select(['user_id', 'status'])
      .where('user_id', '=', DEMO_ACCOUNTS.worker.id)
      .execute()
    expect(pushed.length).toBeGreaterThan(300)
    expect(pushed.every((m) => m.status === 'applied')).toBe(true)
    const member = await server.database.db.selectFrom('members').selectAll().where('phone_enc', 'is not', null).executeTakeFirstOrThrow()
    expect(member.phone_enc).not.toMatch(/^1[3-9]\d{9}$/)
    expect(member.id_number_enc).toBeNull()
  })

  test('the demo worker sees a realistic list of their own grid', async () => {
    const headers = await login('demo-worker')
    const items: HouseholdSummary[] = []
    let cursor: string | null = null
    do {
      const query: string = `grid=${DEMO_GRIDS[0].id}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/households?${query}`, headers })
      expect(response.statusCode).toBe(200)
      const page = response.json<Page<HouseholdSummary>>()
      items.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(items).toHaveLength(72)
    expect(items.filter((h) => h.lastVisitAt !== null).length).toBeGreaterThan(40)
    expect(items.every((h) => /^[\u4e00-\u9fa5]\*[\u4e00-\u9fa5]?$/.test(h.headNameMasked))).toBe(true)
  })

  test('the official’s township dashboard shows five villages with different coverage', async () => {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/dashboard/${DEMO_TOWNSHIP}`, headers: await login('demo-official') })
    expect(response.statusCode).toBe(200)
    const dashboard = response.json<Dashboard>()
    expect(dashboard.region.name).toBe('大阳镇')
    expect(dashboard.totals.households).toBe(200)
    expect(dashboard.totals.registered / dashboard.totals.eligible).toBeGreaterThan(0.5)
    expect(dashboard.totals.visitedHouseholds / dashboard.totals.households).toBeGreaterThan(0.5)
    const withHouseholds = dashboard.villages.filter((village) => village.visitCoverage > 0)
    expect(withHouseholds).toHaveLength(5)
    const coverages = withHouseholds.map((village) => village.appCoverage)
    expect(Math.max(...coverages) - Math.min(...coverages)).toBeGreaterThan(0.3)
  })

  test('the dashboard’s trend starts with the demo: a snapshot per day of the quarter so far, coverage rising', async () => {
    const headers = await login('demo-official')
    const dashboardOf = async (period: string) =>
      (await server.app.inject({ method: 'GET', url: `/api/v1/dashboard/${DEMO_TOWNSHIP}?period=${period}`, headers })).json<Dashboard>()
    const quarter = (await dashboardOf('2026Q4')).trend
    // 2026-10-01 up to yesterday (today's row is the hourly job's, which ran on the empty database).
    expect(quarter).toHaveLength(45)
    expect([quarter[0].date, quarter.at(-1)!.date]).toEqual(['2026-10-01', '2026-11-14'])
    expect(quarter.at(-1)!.appCoverage).toBeGreaterThan(quarter[0].appCoverage + 0.1)
    expect(quarter.at(-1)!.visitCoverage).toBeGreaterThan(quarter[0].visitCoverage + 0.3)
    const days = await server.database.db.selectFrom('village_daily').select('day').distinct().orderBy('day').execute()
    expect(days.map((row) => row.day)).toHaveLength(84)
    expect(days[0].day).toBe('2026-08-23')

    await server.app.dailySnapshots.takeToday()
    const today = await dashboardOf('2026Q4')
    expect(today.trend.at(-1)).toEqual({
      date: '2026-11-15',
      appCoverage: today.totals.registered / today.totals.eligible,
      visitCoverage: today.totals.visitedHouseholds / today.totals.households,
      certified: today.totals.certified
    })
  })

  test('a first start interrupted before the end is finished by the next, without duplicates', async () => {
    const before = await Promise.all((['households', 'members', 'visits', 'grids', 'certifications'] as const).map(count))
    // The admin account is written last: without it the seed counts as unfinished.
    await server.database.db.deleteFrom('users').where('id', '=', DEMO_ACCOUNTS.admin.id).execute()
    expect(await seedDemo(deps)).toBe(true)
    expect(await Promise.all((['households', 'members', 'visits', 'grids', 'certifications'] as const).map(count))).toEqual(before)
    await login('demo-admin')
  })

  test('three residents of the demo worker’s grid wait for review', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/v1/certifications?grid=${DEMO_GRIDS[0].id}&state=pending`,
      headers: await login('demo-worker')
    })
    expect(response.json().items.map((item: { state: string }) => item.state)).toEqual(['pending', 'pending', 'pending'])
  })

  test('the printed invitation lets a new grid worker bind from WeChat to the fourth grid', async () => {
    const summary = await prepareDemo(deps)
    expect(formatDemoBanner(summary, 'http://localhost:3000')).toContain(summary.invite.code)
    const wechat = await server.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'demo:o-demo-new-worker' } })
    const headers = { authorization: `Bearer ${wechat.json().token}` }
    const bound = await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', headers, payload: { inviteCode: summary.invite.code } })
    expect(bound.statusCode).toBe(200)
    expect(bound.json().user).toMatchObject({ name: '孙丽', role: 'grid_worker', scope: { gridIds: [DEMO_GRIDS[3].id] } })
  })

  test('seeding again changes nothing', async () => {
    const before = await Promise.all((['users', 'households', 'members', 'visits', 'grids', 'regions'] as const).map(count))
    expect(await seedDemo(deps)).toBe(false)
    expect(await Promise.all((['users', 'households', 'members', 'visits', 'grids', 'regions'] as const).map(count))).toEqual(before)
  })

  test('refuses to run in production: the configuration stops the start, and the seeder refuses too', async () => {
    expect(() => readConfig({ NODE_ENV: 'production', WUZHA_DEMO: '1' } as unknown as NodeJS.ProcessEnv)).toThrow('WUZHA_DEMO')
    await expect(seedDemo({ ...deps, config: { production: true } })).rejects.toThrow('生产环境')
  })
})

describe('demo mode is only ever asked for', () => {
  test('by WUZHA_DEMO=1 (npm start sets it): no other start has demo data or the WeChat stand-in, whatever NODE_ENV says', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const config = readConfig({ NODE_ENV } as unknown as NodeJS.ProcessEnv)
      expect({ NODE_ENV, demo: config.demo, standIn: config.wechatStandIn }).toEqual({ NODE_ENV, demo: false, standIn: false })
    }
    const asked = readConfig({ WUZHA_DEMO: '1' } as unknown as NodeJS.ProcessEnv)
    expect({ demo: asked.demo, standIn: asked.wechatStandIn }).toEqual({ demo: true, standIn: true })
  })

  test.each(databases())('and refuses a data directory holding non-demo data (%s), creating nothing', async (dialect) => {
    const server = await startServer(dialect)
    try {
      await seedWorld(server.database.db)
      const users = await countRows(server, 'users')
      const refusal = seedDemo({ config: server.config, database: server.database, cipher: server.app.cipher })
      await expect(refusal).rejects.toBeInstanceOf(StartRefused)
      await expect(refusal).rejects.toThrow('数据目录中已有正式数据')
      expect(await countRows(server, 'users')).toBe(users)
      expect(await server.database.db.selectFrom('settings').selectAll().execute()).toEqual([])
      expect(await server.database.db.selectFrom('users').select('id').where('username', 'like', 'demo-%').execute()).toEqual([])
    } finally {
      await server.close()
    }
  })
})

async function countRows(server: TestServer, table: 'users'): Promise<number> {
  return Number((await server.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
}
