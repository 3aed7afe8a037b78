import fc from 'fast-check'
import type { HouseholdDetail, HouseholdSummary } from '../../src/core/api'
import { isEligible, isPriorityMember } from '../../src/core/member'
import { yearInChina } from '../../src/core/period'
import { maskName } from '../../src/core/names'
import { MemberRepository, memberFactsOf } from '../../server/src/modules/households/memberRepository'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, GRID_OTHER_TOWNSHIP, login, OTHER_VILLAGE_SAME_TOWNSHIP, seedWorld, uuid, VILLAGE } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, mutation, push, visitRecord } from './mutationBuilders'
import { memberArbitrary } from './arbitraries'

type Auth = { authorization: string }

/**
 * Grid A (worker): 一组1号 (no members), 三组2号 (a registered head and an elderly member without a
 * smartphone, visited this quarter), 三组3号 东头100% (a registered accountant, never visited),
 * 三组10号 (an unregistered head, visited last quarter only), and a deleted household.
 * Grid B (worker B): 五组7号 with one unregistered member.
 */
const H = { empty: uuid(), chen: uuid(), wang: uuid(), li: uuid(), deleted: uuid(), zhao: uuid() }
const M = { chen: uuid(), grandma: uuid(), wang: uuid(), li: uuid(), zhao: uuid() }

describe.each(databases())('households on %s', (dialect: TestDialect) => {
  let server: TestServer
  const auth: Record<'worker' | 'workerB' | 'village' | 'official' | 'otherOfficial', Auth> = {} as never

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['worker', 'workerB', 'village', 'official', 'otherOfficial'] as const) auth[who] = await login(server, who)
    const results = await push(server, auth.worker, [
      householdUpsert({ id: H.empty, gridId: GRID_A, address: { group: '一组', door: '1' } }),
      householdUpsert({ id: H.chen, gridId: GRID_A, address: { group: '三组', door: '2' } }),
      householdUpsert({ id: H.wang, gridId: GRID_A, address: { group: '三组', door: '3', text: '东头100%' } }),
      householdUpsert({ id: H.li, gridId: GRID_A, address: { group: '三组', door: '10' } }),
      householdUpsert({ id: H.deleted, gridId: GRID_A, address: { group: '三组', door: '4' } }),
      memberUpsert({ id: M.chen, householdId: H.chen, name: '陈建华', birthYear: 1980, phone: '13812341234', isHead: true }),
      memberUpsert({ id: M.grandma, householdId: H.chen, name: '刘桂芝', birthYear: 1950, smartphone: 'no', relation: '母亲' }),
      memberApp({ memberId: M.chen, region: VILLAGE }),
      memberUpsert({ id: M.wang, householdId: H.wang, name: '王五', birthYear: 1990, tags: ['accountant'], isHead: true }),
      memberApp({ memberId: M.wang, evidence: 'screenshot', alertsOn: false }),
      memberUpsert({ id: M.li, householdId: H.li, name: '李大山', birthYear: 1975, isHead: true }),
      visitRecord({ id: uuid(), householdId: H.chen, at: '2026-10-05T10:00:00+08:00', note: '第一次' }),
      visitRecord({ id: uuid(), householdId: H.chen, at: '2026-11-10T10:00:00+08:00', actions: ['materials_given', 'app_install_helped'] }),
      visitRecord({ id: uuid(), householdId: H.li, at: '2026-08-01T10:00:00+08:00' }),
      mutation('household.delete', { id: H.deleted })
    ])
    expect(results.filter((r) => r.status !== 'applied')).toEqual([])
    await push(server, auth.workerB, [
      householdUpsert({ id: H.zhao, gridId: GRID_B, address: { group: '五组', door: '7' } }),
      memberUpsert({ id: M.zhao, householdId: H.zhao, name: '赵六', birthYear: 1985, isHead: true })
    ])
  })
  afterAll(() => server.close())

  async function list(who: Auth, query = ''): Promise<{ statusCode: number; items: HouseholdSummary[]; nextCursor: string | null; body: any }> {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households${query}`, headers: who })
    const body = response.json()
    return { statusCode: response.statusCode, items: body.items ?? [], nextCursor: body.nextCursor ?? null, body }
  }
  const ids = (items: HouseholdSummary[]) => items.map((item) => item.id)

  test('a grid worker lists the live households of their grid in address order, numbers numerically', async () => {
    const page = await list(auth.worker)
    expect(page.statusCode).toBe(200)
    expect(ids(page.items)).toEqual([H.empty, H.chen, H.wang, H.li])
    expect(page.nextCursor).toBeNull()
    expect(page.items[1]).toEqual({
      id: H.chen,
      gridId: GRID_A,
      villageCode: VILLAGE,
      addressText: '三组 2号',
      headNameMasked: '陈*华',
      memberCount: 2,
      eligible: 1,
      registered: 1,
      lastVisitAt: '2026-11-10T02:00:00.000Z'
    })
    expect(page.items[0]).toMatchObject({ headNameMasked: '', memberCount: 0, eligible: 0, lastVisitAt: null })
  })

  test('scope: other grid workers, village admins and officials see what they cover', async () => {
    expect(ids((await list(auth.workerB)).items)).toEqual([H.zhao])
    expect(ids((await list(auth.village)).items)).toEqual([H.empty, H.chen, H.wang, H.li, H.zhao])
    expect(ids((await list(auth.official, `?village=${VILLAGE}`)).items)).toHaveLength(5)
    expect(ids((await list(auth.village, `?grid=${GRID_B}`)).items)).toEqual([H.zhao])
    expect((await list(auth.otherOfficial)).items).toEqual([])
  })

  test('a grid or village outside the scope answers 404', async () => {
    expect((await list(auth.worker, `?grid=${GRID_B}`)).statusCode).toBe(404)
    expect((await list(auth.village, `?grid=${GRID_OTHER_TOWNSHIP}`)).statusCode).toBe(404)
    expect((await list(auth.village, `?grid=${uuid()}`)).statusCode).toBe(404)
    expect((await list(auth.village, `?village=${OTHER_VILLAGE_SAME_TOWNSHIP}`)).statusCode).toBe(404)
    const outside = await list(auth.otherOfficial, `?village=${VILLAGE}`)
    expect(outside.statusCode).toBe(404)
    expect(outside.body.error.code).toBe('NOT_FOUND')
  })

  test('search matches member names, the address as shown and whole phone numbers by their mask; wildcards are literal', async () => {
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('大山')}`)).items)).toEqual([H.li])
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('东头')}`)).items)).toEqual([H.wang])
    // The address as the card shows it: 三组 3号 东头100%.
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('三组 3号')}`)).items)).toEqual([H.wang])
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('%')}`)).items)).toEqual([H.wang])
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('_')}`)).items)).toEqual([])
    expect(ids((await list(auth.worker, '?q=13812341234')).items)).toEqual([H.chen])
    // Another number that masks alike (138****1234) finds the same member: all a phone can tell.
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('+86 138 9999 1234')}`)).items)).toEqual([H.chen])
    expect(ids((await list(auth.worker, '?q=13812341235')).items)).toEqual([])
    expect(ids((await list(auth.worker, '?q=1234')).items)).toEqual([])
    expect(ids((await list(auth.worker, `?q=${encodeURIComponent('赵六')}`)).items)).toEqual([])
  })

  test('numbers stored before their masked form was kept are found once the start-up fill has run', async () => {
    await server.database.db.updateTable('members').set({ phone_mask_hash: null }).execute()
    expect(ids((await list(auth.worker, '?q=13812341234')).items)).toEqual([])
    const members = new MemberRepository(server.database.db)
    expect(await members.fillPhoneMaskHashes(server.app.cipher)).toBe(1)
    expect(await members.fillPhoneMaskHashes(server.app.cipher)).toBe(0)
    expect(ids((await list(auth.worker, '?q=13812341234')).items)).toEqual([H.chen])
  })

  test('filters: not registered, priority members, not visited this quarter', async () => {
    expect(ids((await list(auth.worker, '?filter=not_registered')).items)).toEqual([H.li])
    expect(ids((await list(auth.worker, '?filter=priority')).items)).toEqual([H.chen, H.wang])
    expect(ids((await list(auth.worker, '?filter=not_visited')).items)).toEqual([H.empty, H.wang, H.li])
    expect(ids((await list(auth.village, '?filter=not_registered&q=' + encodeURIComponent('赵'))).items)).toEqual([H.zhao])
    expect((await list(auth.worker, '?filter=everyone')).statusCode).toBe(400)
  })

  test('filters combine, comma-separated: the households passing every one', async () => {
    expect(ids((await list(auth.worker, '?filter=priority,not_visited')).items)).toEqual([H.wang])
    expect(ids((await list(auth.worker, '?filter=not_visited,priority')).items)).toEqual([H.wang])
    expect(ids((await list(auth.worker, '?filter=not_registered,not_visited')).items)).toEqual([H.li])
    expect(ids((await list(auth.worker, '?filter=not_registered,priority')).items)).toEqual([])
    expect(ids((await list(auth.worker, '?filter=priority,priority')).items)).toEqual([H.chen, H.wang])
    const wrong = await list(auth.worker, '?filter=priority,everyone')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body.error.message).toMatch(/^筛选.*应为 not_registered、priority 或 not_visited/)
  })

  test('keyset pagination walks every household once', async () => {
    const first = await list(auth.village, '?limit=2')
    expect(ids(first.items)).toEqual([H.empty, H.chen])
    const second = await list(auth.village, `?limit=2&cursor=${first.nextCursor}`)
    expect(ids(second.items)).toEqual([H.wang, H.li])
    const third = await list(auth.village, `?limit=2&cursor=${second.nextCursor}`)
    expect(ids(third.items)).toEqual([H.zhao])
    expect(third.nextCursor).toBeNull()
  })

  test('a bad cursor or limit answers 400 naming the field', async () => {
    const badCursor = await list(auth.worker, '?cursor=not-a-cursor')
    expect(badCursor.statusCode).toBe(400)
    expect(badCursor.body.error.details).toEqual([{ field: 'cursor', message: '游标无效，请从第一页重新加载' }])
    const tooMany = await list(auth.worker, '?limit=501')
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.body.error.details[0]).toEqual({ field: 'limit', message: '条数最多为500' })
  })

  test('the detail masks numbers and lists members head first and visits newest first', async () => {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households/${H.chen}`, headers: auth.worker })
    expect(response.statusCode).toBe(200)
    const detail: HouseholdDetail = response.json()
    expect(detail).toMatchObject({ id: H.chen, address: { group: '三组', door: '2' }, note: null, version: 1, certifications: [] })
    expect(detail.members).toEqual([
      {
        id: M.chen,
        householdId: H.chen,
        name: '陈建华',
        gender: 'unknown',
        birthYear: 1980,
        phoneMasked: '138****1234',
        idNumberMasked: null,
        relation: null,
        smartphone: 'yes',
        away: null,
        tags: [],
        isHead: true,
        app: { status: 'registered', alertsOn: true, region: VILLAGE, evidence: 'in_person', reason: null, updatedAt: server.clock.now.toISOString() }
      },
      expect.objectContaining({ id: M.grandma, isHead: false, relation: '母亲', smartphone: 'no', app: null })
    ])
    expect(detail.visits.map((visit) => [visit.at, visit.workerName, visit.note])).toEqual([
      ['2026-11-10T02:00:00.000Z', '张小明', null],
      ['2026-10-05T02:00:00.000Z', '张小明', '第一次']
    ])
    expect(detail.visits[0].actions).toEqual(['materials_given', 'app_install_helped'])
    expect(response.body).not.toContain('13812341234')
    expect(response.body).not.toContain('phone_enc')
  })

  test('a household outside the scope, deleted or unknown answers 404', async () => {
    for (const [who, id] of [
      [auth.workerB, H.chen],
      [auth.otherOfficial, H.chen],
      [auth.worker, H.deleted],
      [auth.worker, uuid()]
    ] as const) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: who })
      expect(response.statusCode).toBe(404)
      expect(response.json().error).toMatchObject({ code: 'NOT_FOUND', message: '户不存在或无权查看' })
    }
    const official = await server.app.inject({ method: 'GET', url: `/api/v1/households/${H.zhao}`, headers: auth.official })
    expect(official.statusCode).toBe(200)
  })

  test('officials read a household with members’ names masked; its worker and village admin in full', async () => {
    const names = async (who: Auth) =>
      (await server.app.inject({ method: 'GET', url: `/api/v1/households/${H.chen}`, headers: who })).json<HouseholdDetail>().members.map((member) => member.name)
    const full = await names(auth.worker)
    expect(full.length).toBeGreaterThan(0)
    expect(await names(auth.village)).toEqual(full)
    expect(await names(auth.official)).toEqual(full.map(maskName))
    expect((await names(auth.official)).some((name, index) => name !== full[index])).toBe(true)
  })

  test('without a session the list answers 401', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/households' })
    expect(response.statusCode).toBe(401)
  })
})

describe.each(databases())('household filters agree with the core on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth
  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(() => server.close())

  test('not_registered and priority select exactly the households the core rules pick', async () => {
    await fc.assert(
      // Small households, so that one member's answer decides the household's.
      fc.asyncProperty(fc.array(fc.array(memberArbitrary, { maxLength: 2 }), { minLength: 1, maxLength: 6 }), async (households) => {
        const householdIds = households.map(() => uuid())
        const mutations = households.flatMap((members, index) => [
          householdUpsert({ id: householdIds[index], gridId: GRID_A }),
          ...members.flatMap(({ app, deleted, ...member }) => {
            const id = uuid()
            return [
              memberUpsert({ id, householdId: householdIds[index], ...member }),
              ...(app ? [memberApp({ memberId: id, status: app, reason: '本人不愿意' })] : []),
              ...(deleted ? [mutation('member.delete', { id })] : [])
            ]
          })
        ])
        const results = await push(server, worker, mutations)
        expect(results.filter((r) => r.status !== 'applied')).toEqual([])

        const ofThisRun = (ids: string[]) => ids.filter((id) => householdIds.includes(id)).sort()
        const expected = await expectedByCore(server)
        for (const filter of ['not_registered', 'priority'] as const) {
          const response = await server.app.inject({ method: 'GET', url: `/api/v1/households?filter=${filter}&limit=500`, headers: worker })
          expect(ofThisRun(response.json().items.map((item: HouseholdSummary) => item.id))).toEqual(ofThisRun(expected[filter]))
        }
      }),
      { numRuns: 30 }
    )
  }, 120_000)
})

/** Which households of the database each filter should return, decided by the core's own rules. */
async function expectedByCore(server: TestServer): Promise<Record<'not_registered' | 'priority', string[]>> {
  const rows = await server.database.db
    .selectFrom('members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .selectAll('m')
    .where('m.deleted_at', 'is', null)
    .where('h.deleted_at', 'is', null)
    .execute()
  const year = yearInChina(server.clock.now)
  const pick = (rule: (facts: ReturnType<typeof memberFactsOf>) => boolean) =>
    [...new Set(rows.filter((row) => rule(memberFactsOf(row))).map((row) => row.household_id))]
  return {
    not_registered: pick((facts) => isEligible(facts, year) && facts.appStatus !== 'registered'),
    priority: pick((facts) => isPriorityMember(facts, year))
  }
}
