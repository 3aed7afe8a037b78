import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, GRID_OTHER_TOWNSHIP, login, seedWorld, uuid, VILLAGE } from './fixtures'
import { CLIENT_ID, householdUpsert, memberApp, memberUpsert, mutation, push, pushRaw, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

describe.each(databases())('sync push on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth
  let workerB: Auth
  let village: Auth
  let official: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
    workerB = await login(server, 'workerB')
    village = await login(server, 'village')
    official = await login(server, 'official')
  })
  afterAll(() => server.close())

  const db = () => server.database.db
  const countRows = async (table: 'households' | 'members' | 'visits' | 'change_log' | 'mutations') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  async function newHousehold(auth: Auth = worker, gridId = GRID_A): Promise<string> {
    const id = uuid()
    const [result] = await push(server, auth, [householdUpsert({ id, gridId })])
    expect(result.status).toBe('applied')
    return id
  }

  async function newMember(householdId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const id = uuid()
    const [result] = await push(server, worker, [memberUpsert({ id, householdId, ...extra })])
    expect(result).toEqual({ id: expect.any(String), status: 'applied' })
    return id
  }

  test('applies a household, then answers duplicate for the same mutation id with no second effect', async () => {
    const id = uuid()
    const upsert = householdUpsert({ id, gridId: GRID_A, note: '第一次' })
    const first = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [upsert] })
    expect(first.statusCode).toBe(200)
    expect(first.json().results).toEqual([{ id: upsert.id, status: 'applied' }])
    const household = await db().selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(household).toMatchObject({ grid_id: GRID_A, village_code: VILLAGE, version: 1, note: '第一次', created_by: 'u-worker' })
    expect(household.created_at).toBe(server.clock.now.toISOString())
    const logRows = await countRows('change_log')

    const again = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [upsert] })
    expect(again.json().results).toEqual([{ id: upsert.id, status: 'duplicate' }])
    const after = await db().selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(after.version).toBe(1)
    expect(await countRows('change_log')).toBe(logRows)
    expect(again.json().cursor).toBe(first.json().cursor)
  })

  test('a create delivered twice under new mutation ids updates the one household', async () => {
    const id = uuid()
    await push(server, worker, [householdUpsert({ id, gridId: GRID_A })])
    const results = await push(server, worker, [householdUpsert({ id, gridId: GRID_A, address: { group: '四组', door: '3' } })])
    expect(results[0].status).toBe('applied')
    const rows = await db().selectFrom('households').selectAll().where('id', '=', id).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ version: 2, address_group: '四组', address_door: '3' })
  })

  test('the cursor is the change log position and grows with every applied change', async () => {
    const first = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [householdUpsert({ id: uuid(), gridId: GRID_A })] })
    const second = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [householdUpsert({ id: uuid(), gridId: GRID_A })] })
    expect(Number(second.json().cursor)).toBeGreaterThan(Number(first.json().cursor))
    const max = await db().selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()
    expect(second.json().cursor).toBe(String(max.seq))
  })

  test('a rejected mutation does not stop the ones after it, and names the field in Chinese', async () => {
    const householdId = await newHousehold()
    const badPhone = memberUpsert({ id: uuid(), householdId, phone: '1234' })
    const badId = memberUpsert({ id: uuid(), householdId, idNumber: '110105194912310021' })
    const visit = visitRecord({ id: uuid(), householdId })
    const results = await push(server, worker, [badPhone, badId, visit])

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied'])
    expect(results[0].error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '手机号格式不正确，应为11位手机号',
      details: [{ field: 'payload.phone', message: '手机号格式不正确，应为11位手机号' }]
    })
    expect(results[1].error?.details).toEqual([{ field: 'payload.idNumber', message: '身份证号不正确（校验位或出生日期不对）' }])
    expect(await db().selectFrom('members').select('id').where('id', 'in', [badPhone, badId].map(idOf)).execute()).toEqual([])

    const recorded = await db().selectFrom('mutations').selectAll().where('id', '=', badPhone.id).executeTakeFirstOrThrow()
    expect(recorded.status).toBe('rejected')
    expect(JSON.parse(recorded.result).error.details[0].field).toBe('payload.phone')
    expect(await db().selectFrom('visits').select('id').where('household_id', '=', householdId).execute()).toHaveLength(1)
  })

  test('a rejected mutation sent again is a duplicate with its first error, even if it would pass now', async () => {
    const householdId = uuid()
    const member = memberUpsert({ id: uuid(), householdId })
    const [first] = await push(server, worker, [member])
    expect(first.error?.code).toBe('NOT_FOUND')
    await push(server, worker, [householdUpsert({ id: householdId, gridId: GRID_A })])
    const [again] = await push(server, worker, [member])
    expect(again).toEqual({ id: member.id, status: 'duplicate', error: first.error })
    expect(await db().selectFrom('members').select('id').where('household_id', '=', householdId).execute()).toEqual([])
  })

  test('a mutation id belongs to the user who first sent it: another user’s same id is applied on its own, never answered with the first result', async () => {
    const sharedId = uuid()
    // worker's push of this id is rejected (a grid they do not work)...
    const [first] = await push(server, worker, [{ ...householdUpsert({ id: uuid(), gridId: GRID_B }), id: sharedId }])
    expect(first).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } })
    // ...and workerB's own change under the same id is applied, with nothing of worker's answer in it.
    const householdId = uuid()
    const [second] = await push(server, workerB, [{ ...householdUpsert({ id: householdId, gridId: GRID_B }), id: sharedId }])
    expect(second).toEqual({ id: sharedId, status: 'applied' })
    const detail = await server.app.inject({ method: 'GET', url: `/api/v1/households/${householdId}`, headers: workerB })
    expect(detail.statusCode).toBe(200)
    // Each user still gets their own first result back as a duplicate.
    const [againByWorker] = await push(server, worker, [{ ...householdUpsert({ id: uuid(), gridId: GRID_B }), id: sharedId }])
    expect(againByWorker).toMatchObject({ status: 'duplicate', error: { code: 'NOT_FOUND' } })
    const [againByWorkerB] = await push(server, workerB, [{ ...householdUpsert({ id: householdId, gridId: GRID_B }), id: sharedId }])
    expect(againByWorkerB).toEqual({ id: sharedId, status: 'duplicate' })
  })

  test('a member of an unknown household is rejected NOT_FOUND', async () => {
    const [result] = await push(server, worker, [memberUpsert({ id: uuid(), householdId: uuid() })])
    expect(result.status).toBe('rejected')
    expect(result.error).toMatchObject({ code: 'NOT_FOUND', message: '户不存在或无权查看' })
  })

  test('a grid outside the scope, or another worker’s grid, is NOT_FOUND', async () => {
    const attempts = [
      { auth: village, upsert: householdUpsert({ id: uuid(), gridId: GRID_OTHER_TOWNSHIP }) },
      { auth: worker, upsert: householdUpsert({ id: uuid(), gridId: GRID_B }) },
      { auth: worker, upsert: householdUpsert({ id: uuid(), gridId: uuid() }) }
    ]
    for (const { auth, upsert } of attempts) {
      const [result] = await push(server, auth, [upsert])
      expect(result).toEqual({ id: upsert.id, status: 'rejected', error: { code: 'NOT_FOUND', message: '网格不存在或无权查看' } })
    }
    const ids = attempts.map(({ upsert }) => idOf(upsert))
    expect(await db().selectFrom('households').select('id').where('id', 'in', ids).execute()).toEqual([])
  })

  test('another worker cannot edit, record on or delete a household of a grid they do not work', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId)
    const results = await push(server, workerB, [
      householdUpsert({ id: householdId, gridId: GRID_B }),
      householdUpsert({ id: householdId, gridId: GRID_A }),
      memberUpsert({ id: uuid(), householdId }),
      memberApp({ memberId }),
      visitRecord({ id: uuid(), householdId }),
      mutation('member.delete', { id: memberId }),
      mutation('household.delete', { id: householdId })
    ])
    expect(results.map((r) => r.error?.code)).toEqual(Array(7).fill('NOT_FOUND'))
    const household = await db().selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow()
    expect(household).toMatchObject({ grid_id: GRID_A, version: 1, deleted_at: null })
  })

  test('a village admin writes in every grid of the village and may move a household between them', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId)
    const before = Number((await pushRaw(server, village, { clientId: CLIENT_ID, mutations: [] })).json().cursor)
    const [moved] = await push(server, village, [householdUpsert({ id: householdId, gridId: GRID_B })])
    expect(moved.status).toBe('applied')
    const log = await db().selectFrom('change_log').selectAll().where('seq', '>', before).orderBy('seq').execute()
    expect(log.map((row) => [row.entity, row.entity_id, row.grid_id, row.op])).toEqual([
      ['household', householdId, GRID_A, 'delete'],
      ['household', householdId, GRID_B, 'upsert'],
      ['member', memberId, GRID_A, 'delete'],
      ['member', memberId, GRID_B, 'upsert']
    ])
  })

  test('officials read but do not write: 403', async () => {
    const response = await pushRaw(server, official, { clientId: CLIENT_ID, mutations: [householdUpsert({ id: uuid(), gridId: GRID_A })] })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.code).toBe('FORBIDDEN')
  })

  test('more than 500 mutations answer 413; 500 are accepted', async () => {
    const many = Array.from({ length: 501 }, () => mutation('household.delete', { id: uuid() }))
    const tooMany = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: many })
    expect(tooMany.statusCode).toBe(413)
    expect(tooMany.json().error).toMatchObject({ code: 'TOO_LARGE' })
    const enough = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: many.slice(0, 500) })
    expect(enough.statusCode).toBe(200)
    expect(enough.json().results).toHaveLength(500)
    // Each mutation is its own committed transaction: on PostgreSQL that is an fsync each.
  }, 60_000)

  test('an unknown envelope field, or an unknown type, answers 400 and applies nothing', async () => {
    const id = uuid()
    const extra = { ...householdUpsert({ id, gridId: GRID_A }), sneaky: true }
    const response = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [extra] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('VALIDATION_FAILED')
    const unknownType = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [{ ...mutation('household.upsert', {}), type: 'household.merge' }] })
    expect(unknownType.statusCode).toBe(400)
    const topLevel = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [], extra: 1 })
    expect(topLevel.statusCode).toBe(400)
    expect(await db().selectFrom('households').select('id').where('id', '=', id).execute()).toEqual([])
  })

  test('an unknown payload field rejects only that mutation', async () => {
    const [result] = await push(server, worker, [mutation('household.upsert', { id: uuid(), gridId: GRID_A, address: { group: '一组' }, phone: '1' })])
    expect(result.error?.code).toBe('VALIDATION_FAILED')
    expect(result.error?.details?.[0].field).toBe('payload')
  })

  test('evidence only goes up: a downgrade is rejected with CONFLICT', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId)
    const results = await push(server, worker, [
      memberApp({ memberId, evidence: 'screenshot', status: 'installed_unregistered' }),
      memberApp({ memberId, evidence: 'self_declared', status: 'registered' }),
      memberApp({ memberId, evidence: 'in_person', status: 'registered' })
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied'])
    expect(results[1].error).toMatchObject({ code: 'CONFLICT', message: '核实方式不能降级：已是截图核实，如需更正请填写原因' })
    const member = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({ app_status: 'registered', app_evidence: 'in_person', app_alerts_on: 1, app_recorded_by: 'u-worker' })
  })

  test('alerts cannot be on without the app, and a refusal needs a reason', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId)
    const results = await push(server, worker, [
      memberApp({ memberId, status: 'refused' }),
      memberApp({ memberId, status: 'not_installed', alertsOn: true })
    ])
    expect(results[0].error?.details).toEqual([{ field: 'payload.reason', message: '原因必须填写（拒绝安装时需说明）' }])
    expect(results[1].status).toBe('applied')
    const member = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({ app_status: 'not_installed', app_alerts_on: 0 })
  })

  test('phone and ID numbers are stored encrypted with a keyed hash, masked in the detail, cleared by ""', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId, { phone: '+86 138 1234 1234', idNumber: '11010519491231002x' })
    const row = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(row.phone_enc).not.toContain('13812341234')
    expect(row.phone_enc).not.toContain('12341234')
    expect(row.id_number_enc).not.toContain('19491231')
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(server.app.cipher.decrypt(row.phone_enc!)).toBe('13812341234')

    const detail = await server.app.inject({ method: 'GET', url: `/api/v1/households/${householdId}`, headers: worker })
    expect(detail.statusCode).toBe(200)
    expect(detail.json().members[0]).toMatchObject({ phoneMasked: '138****1234', idNumberMasked: '1101**********002X' })
    expect(detail.body).not.toContain('13812341234')
    expect(detail.body).not.toContain('11010519491231002X')

    await push(server, worker, [memberUpsert({ id: memberId, householdId, phone: '' })])
    const cleared = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(cleared).toMatchObject({ phone_enc: null, phone_hash: null, id_number_hash: row.id_number_hash })
  })

  test('optional member fields left out keep their stored value; one head per household', async () => {
    const householdId = await newHousehold()
    const first = await newMember(householdId, { isHead: true, relation: '户主', tags: ['accountant'] })
    const second = await newMember(householdId, { name: '李四' })
    await push(server, worker, [memberUpsert({ id: first, householdId, name: '王秀英' })])
    const kept = await db().selectFrom('members').selectAll().where('id', '=', first).executeTakeFirstOrThrow()
    expect(kept).toMatchObject({ name: '王秀英', is_head: 1, relation: '户主', tags: '["accountant"]', version: 2 })

    await push(server, worker, [memberUpsert({ id: second, householdId, name: '李四', isHead: true })])
    const heads = await db().selectFrom('members').select(['id', 'is_head']).where('household_id', '=', householdId).orderBy('is_head', 'desc').execute()
    expect(heads).toEqual([
      { id: second, is_head: 1 },
      { id: first, is_head: 0 }
    ])
  })

  test('deletes are soft and idempotent; a deleted household takes no more edits', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId)
    const results = await push(server, worker, [
      mutation('member.delete', { id: memberId }),
      mutation('member.delete', { id: memberId }),
      mutation('household.delete', { id: householdId }),
      mutation('household.delete', { id: householdId }),
      householdUpsert({ id: householdId, gridId: GRID_A }),
      memberUpsert({ id: uuid(), householdId }),
      visitRecord({ id: uuid(), householdId })
    ])
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'])
    const household = await db().selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow()
    expect(household).toMatchObject({ deleted_at: server.clock.now.toISOString(), deleted_by: 'u-worker', version: 2 })
    const member = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member.deleted_by).toBe('u-worker')
    const deletes = await db().selectFrom('change_log').select(['entity', 'op']).where('entity_id', 'in', [householdId, memberId]).where('op', '=', 'delete').execute()
    expect(deletes).toHaveLength(2)
  })

  test('deleting a household deletes its members: an edit of one, even moving it to another household, is refused', async () => {
    const householdId = await newHousehold()
    const otherId = await newHousehold()
    const memberId = await newMember(householdId)
    const results = await push(server, worker, [
      mutation('household.delete', { id: householdId }),
      memberUpsert({ id: memberId, householdId: otherId }),
      memberApp({ memberId })
    ])
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['applied', 'NOT_FOUND', 'NOT_FOUND'])
    const member = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({ household_id: householdId, deleted_at: server.clock.now.toISOString(), deleted_by: 'u-worker' })
  })

  test('an edit of a household deleted elsewhere says when and by whom, only to a pusher whose scope covers it', async () => {
    const householdId = await newHousehold()
    const memberId = await newMember(householdId)
    const before = server.clock.now
    server.clock.now = new Date('2026-11-15T06:05:00.000Z')
    try {
      // The village admin deletes it on another phone; the worker's offline edits arrive after.
      expect((await push(server, village, [mutation('household.delete', { id: householdId })]))[0].status).toBe('applied')
    } finally {
      server.clock.now = before
    }
    const edits = [
      householdUpsert({ id: householdId, gridId: GRID_A, note: '离线时改的' }),
      memberUpsert({ id: uuid(), householdId }),
      memberApp({ memberId }),
      visitRecord({ id: uuid(), householdId })
    ]
    const deletion = { at: '2026-11-15T06:05:00.000Z', byNameMasked: '李*英' }
    const refused = { code: 'NOT_FOUND', message: '该户已于 11月15日 14:05 被 李*英 删除', householdDeleted: deletion }
    const results = await push(server, worker, edits)
    expect(results).toEqual(edits.map(({ id }) => ({ id, status: 'rejected', error: refused })))
    // Delivered again, the first answer comes back whole.
    expect(await push(server, worker, [edits[1]])).toEqual([{ id: edits[1].id, status: 'duplicate', error: refused }])

    // A worker of another grid learns nothing: the answer is exactly an unknown household's.
    const outside = await push(server, workerB, [memberUpsert({ id: uuid(), householdId }), visitRecord({ id: uuid(), householdId }), memberApp({ memberId })])
    expect(outside.map((r) => r.error)).toEqual([
      { code: 'NOT_FOUND', message: '户不存在或无权查看' },
      { code: 'NOT_FOUND', message: '户不存在或无权查看' },
      { code: 'NOT_FOUND', message: '成员不存在或无权查看' }
    ])
    const unknown = await push(server, workerB, [memberUpsert({ id: uuid(), householdId: uuid() })])
    expect(unknown[0].error).toEqual(outside[0].error)
  })

  test('a visit delivered again under a new mutation id stays one visit', async () => {
    const householdId = await newHousehold()
    const visitId = uuid()
    await push(server, worker, [visitRecord({ id: visitId, householdId, at: '2026-11-14T09:30:00+08:00' })])
    const [again] = await push(server, worker, [visitRecord({ id: visitId, householdId, at: '2026-11-14T09:30:00+08:00', note: '补记' })])
    expect(again.status).toBe('applied')
    const visits = await db().selectFrom('visits').selectAll().where('household_id', '=', householdId).execute()
    expect(visits).toHaveLength(1)
    expect(visits[0]).toMatchObject({ id: visitId, at: '2026-11-14T01:30:00.000Z', note: '补记', worker_id: 'u-worker' })
  })
})

describe.each(databases())('sync push atomicity on %s', (dialect: TestDialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
  })
  afterAll(() => server.close())

  test('a failure while recording leaves neither the effect nor the mutation record', async () => {
    const worker = await login(server, 'worker')
    const householdId = uuid()
    // The change log going missing stands in for a crash between the effect and its record.
    await server.database.db.schema.alterTable('change_log').renameTo('change_log_gone').execute()
    const response = await pushRaw(server, worker, { clientId: CLIENT_ID, mutations: [householdUpsert({ id: householdId, gridId: GRID_A })] })
    expect(response.statusCode).toBe(500)
    expect(await server.database.db.selectFrom('households').select('id').execute()).toEqual([])
    expect(await server.database.db.selectFrom('mutations').select('id').execute()).toEqual([])
    await server.database.db.schema.alterTable('change_log_gone').renameTo('change_log').execute()
  })
})

function idOf(envelope: { payload: unknown }): string {
  return (envelope.payload as { id: string }).id
}
