import type { InjectOptions } from 'fastify'
import { parsePeriod } from '../../src/core/period'
import { campaignFactsOf } from '../../server/src/modules/dashboard/campaignFacts'
import { databases, startServer, type TestServer } from './harness'
import { GRID_A, OTHER_TOWNSHIP_VILLAGE, OTHER_VILLAGE_SAME_TOWNSHIP, TOWNSHIP, VILLAGE, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

const CASE = { villageCode: VILLAGE, date: '2026-11-02', kind: 'incident', fraudType: 'fake_police', loss: 23000, note: '冒充公安要求转账' }
const ACTIVITY = { regionCode: VILLAGE, date: '2026-11-10', title: '反诈宣讲进社区', kind: 'lecture', participants: 60 }
const FACTS = { volunteerTeam: true, warningsReceived: 4, warningsFollowedUp: 3 }

describe.each(databases())('campaign records on %s', (dialect) => {
  let server: TestServer
  let official: Auth
  let otherOfficial: Auth
  let village: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    official = await login(server, 'official')
    otherOfficial = await login(server, 'otherOfficial')
    village = await login(server, 'village')
    // One registered, visited household, so the village has points that the records can move.
    const worker = await login(server, 'worker')
    const household = uuid()
    const member = uuid()
    await push(server, worker, [
      householdUpsert({ id: household, gridId: GRID_A }),
      memberUpsert({ id: member, householdId: household }),
      memberApp({ memberId: member }),
      visitRecord({ id: uuid(), householdId: household })
    ])
  })
  afterAll(() => server.close())

  const send = (auth: Auth, request: InjectOptions) => server.app.inject({ ...request, headers: { ...request.headers, ...auth } })
  const post = (auth: Auth, url: string, payload: object) => send(auth, { method: 'POST', url, payload })
  const auditOf = (target: string) => server.database.db.selectFrom('audit_log').selectAll().where('target', '=', target).execute()
  const villageRow = async (code: string) => {
    const response = await send(official, { method: 'GET', url: `/api/v1/dashboard/${TOWNSHIP}` })
    expect(response.statusCode).toBe(200)
    return (response.json().villages as Array<{ code: string; points: number; status: string }>).find((row) => row.code === code)!
  }
  const factsOf = async (code: string, period = '2026Q4') => (await campaignFactsOf(server.database.db, TOWNSHIP, parsePeriod(period, server.clock.now)!, 2026))(code)

  test('an official records a case: listed, audited without its note, and it vetoes the village', async () => {
    expect((await villageRow(VILLAGE)).status).not.toBe('vetoed')
    const created = await post(official, '/api/v1/cases', CASE)
    expect(created.statusCode).toBe(201)
    const { id } = created.json()

    const list = await send(official, { method: 'GET', url: `/api/v1/cases?region=${TOWNSHIP}` })
    expect(list.json().items).toEqual([
      { id, villageCode: VILLAGE, villageName: '商会社区居委会', date: '2026-11-02', kind: 'incident', fraudType: 'fake_police', loss: 23000, ageBand: null, note: CASE.note, createdAt: server.clock.now.toISOString() }
    ])
    const [audit] = await auditOf(`case/${id}`)
    expect(audit).toMatchObject({ actor_id: 'u-official', actor_role: 'official', action: 'case.create', result: 'success' })
    expect(JSON.parse(audit.details)).toEqual({ villageCode: VILLAGE, date: '2026-11-02', kind: 'incident', fraudType: 'fake_police', loss: 23000, hasNote: true })

    expect(await villageRow(VILLAGE)).toMatchObject({ status: 'vetoed' })
    expect((await villageRow(OTHER_VILLAGE_SAME_TOWNSHIP)).status).not.toBe('vetoed')
    // A case counts in the period it happened in, not in the next one.
    expect((await factsOf(VILLAGE, '2026Q3')).cases).toEqual([])
    expect((await factsOf(VILLAGE)).cases).toEqual([{ id, kind: 'incident', date: '2026-11-02' }])
  })

  test('a case outside the official’s scope, or in the future, or with bad fields is refused in Chinese', async () => {
    const refusal = async (auth: Auth, body: object) => {
      const response = await post(auth, '/api/v1/cases', body)
      return { status: response.statusCode, message: response.json().error.message as string }
    }
    expect(await refusal(otherOfficial, CASE)).toEqual({ status: 404, message: '村社区不存在或无权查看' })
    expect(await refusal(official, { ...CASE, villageCode: TOWNSHIP })).toMatchObject({ status: 400, message: '村社区应为12位区划代码' })
    expect(await refusal(official, { ...CASE, date: '2026-11-16' })).toEqual({ status: 400, message: '日期不能晚于今天（2026-11-15）' })
    expect(await refusal(official, { ...CASE, date: '2026-02-30' })).toMatchObject({ status: 400, message: '日期不是有效的日期' })
    expect(await refusal(official, { ...CASE, kind: 'rumour' })).toMatchObject({ status: 400, message: expect.stringMatching(/^类型应为/) })
    expect(await refusal(official, { ...CASE, fraudType: 'lottery' })).toMatchObject({ status: 400, message: '诈骗类型不在诈骗类型列表中' })
    expect(await refusal(official, { ...CASE, loss: -1 })).toMatchObject({ status: 400, message: '损失金额不能小于0' })
    expect(await refusal(official, { ...CASE, note: '受害人电话13800138000' })).toMatchObject({ status: 400, message: '备注不能包含手机号或身份证号' })
    expect(await refusal(official, { ...CASE, kind: 'den', ageBand: '60_plus' })).toMatchObject({ status: 400, message: '受害人年龄段只有涉诈警情（有本地受害人）才填写' })
    expect(await refusal(official, { ...CASE, victim: '张三' })).toMatchObject({ status: 400 })
    expect((await send(official, { method: 'GET', url: '/api/v1/cases' })).json().error.message).toBe('地区必须填写')
  })

  test('cases recorded through the API feed the township’s public warnings', async () => {
    for (const date of ['2026-10-05', '2026-09-20']) {
      expect((await post(official, '/api/v1/cases', { ...CASE, villageCode: OTHER_VILLAGE_SAME_TOWNSHIP, date, ageBand: '40_59' })).statusCode).toBe(201)
    }
    const warnings = await server.app.inject({ method: 'GET', url: `/api/v1/regions/${TOWNSHIP}/warnings` })
    expect(warnings.json().items).toHaveLength(3)
    expect(warnings.body).not.toContain(CASE.note)
  })

  test('activities: a village admin records the village’s, an official the township’s, which counts for each village', async () => {
    expect((await post(village, '/api/v1/activities', ACTIVITY)).statusCode).toBe(201)
    expect((await post(village, '/api/v1/activities', { ...ACTIVITY, regionCode: OTHER_VILLAGE_SAME_TOWNSHIP })).statusCode).toBe(404)
    expect((await post(village, '/api/v1/activities', { ...ACTIVITY, regionCode: TOWNSHIP })).statusCode).toBe(404)
    const township = await post(official, '/api/v1/activities', { ...ACTIVITY, regionCode: TOWNSHIP, date: '2026-11-12', title: '街道反诈文艺汇演', kind: 'performance' })
    expect(township.statusCode).toBe(201)
    expect((await post(official, '/api/v1/activities', { ...ACTIVITY, date: '2026-06-01' })).statusCode).toBe(201)
    // A county's own activities are not recorded (only villages and townships).
    expect((await post(official, '/api/v1/activities', { ...ACTIVITY, regionCode: TOWNSHIP.slice(0, 6) })).json().error.message).toBe(
      '地区应为乡镇（9位）或村社区（12位）区划代码'
    )
    const bad = await post(official, '/api/v1/activities', { ...ACTIVITY, participants: -3, title: ' ' })
    expect(bad.json().error.details.map((d: { message: string }) => d.message).sort()).toEqual(['参与人数不能小于0', '活动名称不能为空'])

    expect((await factsOf(VILLAGE)).activities).toBe(2)
    expect((await factsOf(OTHER_VILLAGE_SAME_TOWNSHIP)).activities).toBe(1)
    expect((await campaignFactsOf(server.database.db, VILLAGE, parsePeriod('2026Q4', server.clock.now)!, 2026))(VILLAGE).activities).toBe(2)
    expect((await campaignFactsOf(server.database.db, OTHER_TOWNSHIP_VILLAGE, parsePeriod('2026Q4', server.clock.now)!, 2026))(OTHER_TOWNSHIP_VILLAGE).activities).toBe(0)
    expect((await factsOf(VILLAGE, '2026Q2')).activities).toBe(1)

    const listed = await send(village, { method: 'GET', url: `/api/v1/activities?region=${VILLAGE}` })
    expect(listed.json().items.map((a: { title: string; regionCode: string }) => [a.regionCode, a.title])).toEqual([
      [TOWNSHIP, '街道反诈文艺汇演'],
      [VILLAGE, ACTIVITY.title],
      [VILLAGE, ACTIVITY.title]
    ])
    expect((await send(village, { method: 'GET', url: `/api/v1/activities?region=${OTHER_VILLAGE_SAME_TOWNSHIP}` })).statusCode).toBe(404)
    const [audit] = await auditOf(`activity/${township.json().id}`)
    expect(audit).toMatchObject({ actor_id: 'u-official', action: 'activity.create' })
  })

  test('village facts: the village admin sets them, the score counts them, the audit keeps before and after', async () => {
    const before = (await villageRow(OTHER_VILLAGE_SAME_TOWNSHIP)).points
    const put = (auth: Auth, code: string, payload: object) => send(auth, { method: 'PUT', url: `/api/v1/villages/${code}/facts`, payload })
    const first = await put(village, VILLAGE, FACTS)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ villageCode: VILLAGE, ...FACTS, updatedAt: server.clock.now.toISOString() })
    expect(await factsOf(VILLAGE)).toMatchObject(FACTS)
    expect(await factsOf(OTHER_VILLAGE_SAME_TOWNSHIP)).toMatchObject({ volunteerTeam: false, warningsReceived: 0, warningsFollowedUp: 0 })

    const second = await put(village, VILLAGE, { ...FACTS, warningsFollowedUp: 4 })
    expect(second.statusCode).toBe(200)
    const audits = await auditOf(`village/${VILLAGE}`)
    expect(audits.map((row) => JSON.parse(row.details))).toEqual([
      { before: null, after: FACTS },
      { before: FACTS, after: { ...FACTS, warningsFollowedUp: 4 } }
    ])

    const tooMany = await put(village, VILLAGE, { ...FACTS, warningsFollowedUp: 5 })
    expect(tooMany.json().error.message).toBe('已跟进的预警数不能多于收到的预警数')
    expect((await put(village, OTHER_VILLAGE_SAME_TOWNSHIP, FACTS)).statusCode).toBe(404)
    expect((await put(official, VILLAGE, FACTS)).statusCode).toBe(403)
    expect(await factsOf(VILLAGE)).toMatchObject({ ...FACTS, warningsFollowedUp: 4 })
    // The other village's score did not move; the whole chain still verifies.
    expect((await villageRow(OTHER_VILLAGE_SAME_TOWNSHIP)).points).toBe(before)
    expect(await (await import('../../server/src/modules/audit/verify')).verifyAuditChain(server.database.db)).toMatchObject({ ok: true })
  })

  test('a volunteer team adds its 5 points on the dashboard', async () => {
    const setTeam = (volunteerTeam: boolean) => send(village, { method: 'PUT', url: `/api/v1/villages/${VILLAGE}/facts`, payload: { ...FACTS, volunteerTeam } })
    await setTeam(false)
    const without = (await villageRow(VILLAGE)).points
    await setTeam(true)
    expect((await villageRow(VILLAGE)).points).toBe(without + 5)
  })
})
