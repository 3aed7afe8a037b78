import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

const PHONE = '13812345678'
const NEW_PHONE = '13987654321'
const ID_NUMBER = '11010519491231002X'

describe.each(databases())('record history and evidence corrections on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth
  let village: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
    village = await login(server, 'village')
  })
  afterAll(() => server.close())

  const historyOf = (entityId: string) =>
    server.database.db
      .selectFrom('record_history')
      .select(['entity', 'grid_id', 'field', 'old_value', 'new_value', 'mutation_id', 'actor_id', 'at'])
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute()
  const fieldsOf = async (entityId: string) =>
    (await historyOf(entityId)).map((row) => [row.field, JSON.parse(row.old_value), JSON.parse(row.new_value)])

  async function newMember(extra: Record<string, unknown> = {}) {
    const householdId = uuid()
    const memberId = uuid()
    const results = await push(server, worker, [
      householdUpsert({ id: householdId, gridId: GRID_A }),
      memberUpsert({ id: memberId, householdId, ...extra })
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
    return { householdId, memberId }
  }

  test('a household overwritten field by field keeps each replaced value, with who, when and which mutation', async () => {
    const id = uuid()
    await push(server, worker, [householdUpsert({ id, gridId: GRID_A, address: { group: '三组', door: '12' } })])
    // Filling an empty note replaces nothing.
    await push(server, worker, [householdUpsert({ id, gridId: GRID_A, address: { group: '三组', door: '12' }, note: '门前有狗' })])
    expect(await historyOf(id)).toEqual([])

    const change = householdUpsert({ id, gridId: GRID_A, address: { group: '四组', door: '12', text: '东头' }, note: '狗已送走' })
    server.clock.now = new Date('2026-11-15T03:00:00.000Z')
    await push(server, worker, [change])
    expect(await fieldsOf(id)).toEqual([
      ['address.group', '三组', '四组'],
      ['note', '门前有狗', '狗已送走']
    ])
    expect((await historyOf(id))[0]).toMatchObject({
      entity: 'household',
      grid_id: GRID_A,
      mutation_id: change.id,
      actor_id: 'u-worker',
      at: '2026-11-15T03:00:00.000Z'
    })
    // The same values again overwrite nothing.
    await push(server, worker, [householdUpsert({ id, gridId: GRID_A, address: { group: '四组', door: '12', text: '东头' } })])
    expect(await historyOf(id)).toHaveLength(2)
    // A move between grids is an overwrite of gridId, recorded in the grid it left.
    await push(server, village, [householdUpsert({ id, gridId: GRID_B, address: { group: '四组', door: '12', text: '东头' } })])
    expect((await historyOf(id))[2]).toMatchObject({ field: 'gridId', grid_id: GRID_A, actor_id: 'u-village' })
  })

  test('a member’s replaced phone and ID numbers are kept masked, never in plaintext', async () => {
    const { householdId, memberId } = await newMember({ name: '王秀兰', phone: PHONE, idNumber: ID_NUMBER, birthYear: 1970 })
    await push(server, worker, [memberUpsert({ id: memberId, householdId, name: '王秀英', phone: NEW_PHONE, idNumber: '', birthYear: 1971 })])
    expect(await fieldsOf(memberId)).toEqual([
      ['name', '王秀兰', '王秀英'],
      ['birthYear', 1970, 1971],
      ['phone', '138****5678', '139****4321'],
      ['idNumber', '1101**********002X', null]
    ])
    const stored = JSON.stringify(await historyOf(memberId))
    for (const number of [PHONE, NEW_PHONE, ID_NUMBER]) expect(stored).not.toContain(number)
  })

  test('a new head of household records the old head’s flag as replaced', async () => {
    const { householdId, memberId: oldHead } = await newMember({ isHead: true })
    const newHead = uuid()
    await push(server, worker, [memberUpsert({ id: newHead, householdId, isHead: true })])
    expect(await fieldsOf(oldHead)).toEqual([['isHead', true, false]])
  })

  test('a visit corrected later keeps what it said before', async () => {
    const { householdId } = await newMember()
    const visitId = uuid()
    await push(server, worker, [visitRecord({ id: visitId, householdId, note: '讲解了刷单案例' })])
    await push(server, worker, [visitRecord({ id: visitId, householdId, kind: 'phone', note: '电话回访', actions: ['cases_explained'] })])
    expect(await fieldsOf(visitId)).toEqual([
      ['kind', 'in_person', 'phone'],
      ['note', '讲解了刷单案例', '电话回访']
    ])
  })

  test('a rejected mutation leaves no history', async () => {
    const { householdId, memberId } = await newMember()
    const results = await push(server, worker, [memberUpsert({ id: memberId, householdId, name: '新名字', phone: '12345' })])
    expect(results[0].status).toBe('rejected')
    expect(await historyOf(memberId)).toEqual([])
  })

  test('a weaker evidence without a reason is rejected and says how to correct it', async () => {
    const { memberId } = await newMember()
    await push(server, worker, [memberApp({ memberId, evidence: 'in_person', status: 'registered' })])
    const [result] = await push(server, worker, [memberApp({ memberId, evidence: 'self_declared', status: 'installed_unregistered' })])
    expect(result).toMatchObject({
      status: 'rejected',
      error: {
        code: 'CONFLICT',
        message: '核实方式不能降级：已是当面核实，如需更正请填写原因',
        details: [{ field: 'payload.evidence' }]
      }
    })
    const [blank] = await push(server, worker, [memberApp({ memberId, evidence: 'screenshot', reason: '   ' })])
    expect(blank.error?.code).toBe('CONFLICT')
    const member = await server.database.db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({ app_evidence: 'in_person', app_status: 'registered' })
    expect(await historyOf(memberId)).toEqual([])
  })

  test('a weaker evidence with a reason is the worker’s explicit correction: applied, old values kept', async () => {
    const { memberId } = await newMember()
    await push(server, worker, [memberApp({ memberId, evidence: 'in_person', status: 'registered', alertsOn: true })])
    const correction = memberApp({
      memberId,
      evidence: 'self_declared',
      status: 'installed_unregistered',
      alertsOn: false,
      reason: '上次误录，本人尚未实名注册'
    })
    const [result] = await push(server, worker, [correction])
    expect(result).toEqual({ id: correction.id, status: 'applied' })
    const member = await server.database.db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({
      app_evidence: 'self_declared',
      app_status: 'installed_unregistered',
      app_alerts_on: 0,
      app_reason: '上次误录，本人尚未实名注册'
    })
    expect(await fieldsOf(memberId)).toEqual([
      ['app.status', 'registered', 'installed_unregistered'],
      ['app.alertsOn', true, false],
      ['app.evidence', 'in_person', 'self_declared']
    ])
    expect((await historyOf(memberId)).every((row) => row.mutation_id === correction.id)).toBe(true)
    // Going up again needs no reason.
    const [up] = await push(server, worker, [memberApp({ memberId, evidence: 'screenshot', status: 'registered' })])
    expect(up.status).toBe('applied')
  })
})
