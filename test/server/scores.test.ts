import type { VillageScoreView } from '../../src/core/api'
import { DEFAULT_RULES, type RuleSetRules } from '../../src/core/scoring'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, login, seedWorld, TOWNSHIP, uuid, VILLAGE } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

/**
 * One village's explained score and gap list (GET /scores/villages/:code), and rule sets as versioned data
 * (GET /rulesets/current, PUT /rulesets) changing that score. Every number below is worked out by hand.
 */
describe.each(databases())('village scores and rule sets on %s', (dialect: TestDialect) => {
  let server: TestServer
  const auth: Record<'worker' | 'workerB' | 'village' | 'official' | 'otherOfficial' | 'admin', Auth> = {} as never
  const household = { a: uuid(), b: uuid(), c: uuid() }
  const member = { adult: uuid(), elder: uuid(), other: uuid() }

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['worker', 'workerB', 'village', 'official', 'otherOfficial', 'admin'] as const) auth[who] = await login(server, who)
    // Household a (visited): a registered adult and an unregistered elder with a smartphone (eligible and
    // priority). Household b: an unregistered adult. Household c (another grid): nobody recorded yet.
    const results = [
      ...(await push(server, auth.worker, [
        householdUpsert({ id: household.a, gridId: GRID_A, address: { group: '三组', door: '1' } }),
        householdUpsert({ id: household.b, gridId: GRID_A, address: { group: '三组', door: '5' } }),
        memberUpsert({ id: member.adult, householdId: household.a, name: '周强', birthYear: 1980, isHead: true }),
        memberUpsert({ id: member.elder, householdId: household.a, name: '周桂兰', birthYear: 1950 }),
        memberUpsert({ id: member.other, householdId: household.b, name: '吴磊', birthYear: 1985, isHead: true }),
        memberApp({ memberId: member.adult }),
        visitRecord({ id: uuid(), householdId: household.a })
      ])),
      ...(await push(server, auth.workerB, [householdUpsert({ id: household.c, gridId: GRID_B, address: { group: '三组', door: '20' } })]))
    ]
    expect(results.filter((r) => r.status !== 'applied')).toEqual([])
  })
  afterAll(() => server.close())

  const scoreOf = (who: Auth, code = VILLAGE, query = '') =>
    server.app.inject({ method: 'GET', url: `/api/v1/scores/villages/${code}${query}`, headers: who })
  const putRules = (who: Auth, payload: unknown) => server.app.inject({ method: 'PUT', url: '/api/v1/rulesets', headers: who, payload: payload as object })

  test('explains every indicator, lists the gaps with their households and members, priority first', async () => {
    const response = await scoreOf(auth.official)
    expect(response.statusCode).toBe(200)
    const body: VillageScoreView = response.json()
    expect(body).toMatchObject({ village: { code: VILLAGE, name: '商会社区居委会' }, period: '2026Q4', ruleSet: { version: 1 }, vetoes: [] })
    const indicators = Object.fromEntries(body.indicators.map(({ key, numerator, denominator, points, maxPoints }) => [key, [numerator, denominator, points, maxPoints]]))
    expect(indicators).toEqual({
      app_coverage: [1, 3, 0, 35], // 33% is below the 60% floor
      visit_coverage: [1, 3, 8.3, 25], // 1/3 × 25
      priority_coverage: [0, 1, 0, 20], // the elder's household is visited but the elder is not registered
      activities: [0, 3, 0, 10],
      volunteer_team: [0, 1, 0, 5],
      alert_followup: [0, 0, 5, 5] // full when no warning was received
    })
    expect(body.points).toBe(13.3)
    expect(body.status).toBe('in_progress')
    expect(body.indicators[0].rule).toMatch(/^注册率低于60%得0分，60%至90%线性得分，达到90%得满分35分/)

    const gaps = Object.fromEntries(body.gaps.map(({ indicator, ...gap }) => [indicator, gap]))
    expect(Object.keys(gaps)).toEqual(['app_coverage', 'visit_coverage', 'priority_coverage', 'activities', 'volunteer_team'])
    expect(gaps.app_coverage).toEqual({
      message: '反诈APP注册率33.3%（1/3人）：再注册1人可达及格线60%，再注册2人可达目标90%',
      toPass: 1,
      toTarget: 2,
      candidates: [
        { householdId: household.a, memberId: member.elder },
        { householdId: household.b, memberId: member.other }
      ]
    })
    expect(gaps.visit_coverage).toMatchObject({ toPass: 1, toTarget: 2, candidates: [{ householdId: household.b }, { householdId: household.c }] })
    expect(gaps.priority_coverage).toMatchObject({ toPass: 1, toTarget: 1, candidates: [{ householdId: household.a, memberId: member.elder }] })
    expect(gaps.activities).toMatchObject({ toPass: 2, toTarget: 3, candidates: [] })
  })

  test('the village admin sees their village; a village outside the scope or a code that is no village answers 404', async () => {
    expect((await scoreOf(auth.village)).statusCode).toBe(200)
    for (const [who, code] of [
      [auth.otherOfficial, VILLAGE],
      [auth.official, TOWNSHIP],
      [auth.admin, '141002001009']
    ] as const) {
      const response = await scoreOf(who, code)
      expect(response.statusCode).toBe(404)
      expect(response.json().error.code).toBe('NOT_FOUND')
    }
    expect((await scoreOf(auth.worker)).statusCode).toBe(403)
    const badPeriod = await scoreOf(auth.official, VILLAGE, '?period=2026-13-01..2026-12-31')
    expect(badPeriod.statusCode).toBe(400)
    expect(badPeriod.json().error.details[0].field).toBe('period')
    const november = (await scoreOf(auth.official, VILLAGE, '?period=2026-11-01..2026-11-30')).json()
    expect(november).toMatchObject({ period: '2026-11-01..2026-11-30', indicators: expect.arrayContaining([expect.objectContaining({ key: 'activities', denominator: 1 })]) })
  })

  test('the default rule set is version 1 until an admin saves a new version, which every score then names', async () => {
    const current = await server.app.inject({ method: 'GET', url: '/api/v1/rulesets/current', headers: auth.worker })
    expect(current.statusCode).toBe(200)
    expect(current.json()).toEqual({ id: expect.any(String), version: 1, createdAt: expect.any(String), ...DEFAULT_RULES })

    const rules: RuleSetRules = { ...DEFAULT_RULES, indicators: { ...DEFAULT_RULES.indicators, visit_coverage: { points: 25, floor: 0.3, target: 0.5 } } }
    expect((await putRules(auth.official, rules)).statusCode).toBe(403)
    const saved = await putRules(auth.admin, rules)
    expect(saved.statusCode).toBe(201)
    expect(saved.json()).toMatchObject({ version: 2, indicators: { visit_coverage: { floor: 0.3, target: 0.5 } } })

    const body: VillageScoreView = (await scoreOf(auth.official)).json()
    expect(body.ruleSet).toEqual({ id: saved.json().id, version: 2 })
    // 1/3 of the 50% target: 2/3 × 25 points; one visit already clears the 30% pass line.
    expect(body.indicators.find((i) => i.key === 'visit_coverage')).toMatchObject({ points: 16.7 })
    expect(body.gaps.find((g) => g.indicator === 'visit_coverage')).toMatchObject({ toPass: 0, toTarget: 1 })
    const dashboard = (await server.app.inject({ method: 'GET', url: `/api/v1/dashboard/${TOWNSHIP}`, headers: auth.official })).json()
    expect(dashboard.ruleSet).toEqual(body.ruleSet)

    const versions = await server.database.db.selectFrom('rule_sets').select(['version', 'created_by']).orderBy('version').execute()
    expect(versions.map((v) => [Number(v.version), v.created_by])).toEqual([[1, null], [2, 'u-admin']])

    // The save is audited with who made it and the rules saved; the default (no one's act) is not.
    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'ruleset.create').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_id: 'u-admin', actor_role: 'admin', target: `ruleset/${saved.json().id}`, result: 'success' })
    expect(JSON.parse(audit[0].details)).toEqual({ version: 2, previousVersion: 1, rules })
  })

  test('an invalid rule set answers 400 naming the field, and saves nothing', async () => {
    const before = (await server.app.inject({ method: 'GET', url: '/api/v1/rulesets/current', headers: auth.admin })).json().version
    const cases: Array<[unknown, { field: string; message: string }]> = [
      [{ ...DEFAULT_RULES, indicators: { ...DEFAULT_RULES.indicators, priority_coverage: { points: 20, floor: 0.9, target: 0.8 } } },
        { field: 'indicators.priority_coverage.floor', message: '重点人群覆盖率及格线不能高于目标值' }],
      [{ ...DEFAULT_RULES, indicators: { ...DEFAULT_RULES.indicators, volunteer_team: { points: 10, floor: 1, target: 1 } } },
        { field: 'indicators', message: '各指标分值之和应为100' }],
      [{ ...DEFAULT_RULES, passPoints: 120 }, { field: 'passPoints', message: '达标分数线不能大于100' }]
    ]
    for (const [payload, detail] of cases) {
      const response = await putRules(auth.admin, payload)
      expect(response.statusCode).toBe(400)
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: detail.message })
      expect(response.json().error.details).toEqual([detail])
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/rulesets/current', headers: auth.admin })).json().version).toBe(before)
    const audited = await server.database.db.selectFrom('audit_log').select('details').where('action', '=', 'ruleset.create').execute()
    expect(audited.map((row) => JSON.parse(row.details).version)).not.toContain(before + 1)
  })
})
