import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, GRID_OTHER_TOWNSHIP, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberUpsert, mutation, push, visitRecord } from './mutationBuilders'
import type { PullResponse } from '../../server/src/modules/sync/schemas'

type Auth = { authorization: string }

describe.each(databases())('household.move on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth
  let workerB: Auth
  let village: Auth
  let admin: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
    workerB = await login(server, 'workerB')
    village = await login(server, 'village')
    admin = await login(server, 'admin')
  })
  afterAll(() => server.close())

  async function pullAll(auth: Auth, grid: string, since: string): Promise<{ changes: PullResponse['changes']; cursor: string }> {
    const changes: PullResponse['changes'] = []
    let cursor = since
    for (;;) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/sync/pull?grid=${grid}&since=${cursor}&limit=500`, headers: auth })
      expect(response.statusCode).toBe(200)
      const page: PullResponse = response.json()
      changes.push(...page.changes)
      cursor = page.cursor
      if (!page.hasMore) return { changes, cursor }
    }
  }

  /** A household of grid A with a member and a visit, made by its worker. */
  async function householdInGridA(): Promise<{ householdId: string; memberId: string; visitId: string }> {
    const ids = { householdId: uuid(), memberId: uuid(), visitId: uuid() }
    const results = await push(server, worker, [
      householdUpsert({ id: ids.householdId, gridId: GRID_A, address: { group: '三组', door: '7' } }),
      memberUpsert({ id: ids.memberId, householdId: ids.householdId, name: '王秀兰', isHead: true }),
      visitRecord({ id: ids.visitId, householdId: ids.householdId })
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
    return ids
  }

  test('moves the household with its members and visits: worker A’s phone drops them, worker B’s receives them', async () => {
    const { householdId, memberId, visitId } = await householdInGridA()
    const sinceA = (await pullAll(worker, GRID_A, '0')).cursor
    const sinceB = (await pullAll(workerB, GRID_B, '0')).cursor

    const [result] = await push(server, village, [mutation('household.move', { id: householdId, gridId: GRID_B })])
    expect(result.status).toBe('applied')

    const a = await pullAll(worker, GRID_A, sinceA)
    expect(a.changes.map((c) => [c.entity, c.id, c.op]).sort()).toEqual(
      [
        ['household', householdId, 'delete'],
        ['member', memberId, 'delete'],
        ['visit', visitId, 'delete']
      ].sort()
    )
    const b = await pullAll(workerB, GRID_B, sinceB)
    expect(b.changes.map((c) => [c.entity, c.id, c.op]).sort()).toEqual(
      [
        ['household', householdId, 'upsert'],
        ['member', memberId, 'upsert'],
        ['visit', visitId, 'upsert']
      ].sort()
    )
    const household = b.changes.find((c) => c.entity === 'household')
    expect(household).toMatchObject({ data: { id: householdId, gridId: GRID_B } })
    expect(b.changes.find((c) => c.entity === 'member')).toMatchObject({ data: { id: memberId, householdId, name: '王秀兰' } })

    // Worker A no longer reaches it; worker B now edits it.
    const [refused] = await push(server, worker, [householdUpsert({ id: householdId, gridId: GRID_A, address: { door: '8' } })])
    expect(refused.status).toBe('rejected')
    const [edited] = await push(server, workerB, [visitRecord({ id: uuid(), householdId })])
    expect(edited.status).toBe('applied')
  })

  test('keeps the old value in the household’s history', async () => {
    const { householdId } = await householdInGridA()
    await push(server, village, [mutation('household.move', { id: householdId, gridId: GRID_B })])
    const history = await server.database.db.selectFrom('record_history').selectAll().where('entity_id', '=', householdId).execute()
    expect(history.map((row) => [row.field, JSON.parse(row.old_value), JSON.parse(row.new_value)])).toEqual([['gridId', GRID_A, GRID_B]])
  })

  test('a move to the grid it is in changes nothing', async () => {
    const { householdId } = await householdInGridA()
    const since = (await pullAll(worker, GRID_A, '0')).cursor
    const [result] = await push(server, village, [mutation('household.move', { id: householdId, gridId: GRID_A })])
    expect(result.status).toBe('applied')
    expect((await pullAll(worker, GRID_A, since)).changes).toEqual([])
  })

  test('only a village admin moves households, only within the village', async () => {
    const { householdId } = await householdInGridA()
    const [byWorker] = await push(server, worker, [mutation('household.move', { id: householdId, gridId: GRID_B })])
    expect(byWorker).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN', message: '只有村/社区管理员可以调整户所在网格' } })
    const [outside] = await push(server, village, [mutation('household.move', { id: householdId, gridId: GRID_OTHER_TOWNSHIP })])
    expect(outside).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } })
    const [unknown] = await push(server, village, [mutation('household.move', { id: uuid(), gridId: GRID_B })])
    expect(unknown).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND', message: '户不存在或无权查看' } })
    const [invalid] = await push(server, village, [mutation('household.move', { id: householdId, gridId: 'x' })])
    expect(invalid).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', details: [{ field: 'payload.gridId', message: '网格格式不正确' }] } })
    // An admin's push is refused at the route (sync/push is the field roles').
    const byAdmin = await server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: admin, payload: { clientId: uuid(), mutations: [] } })
    expect(byAdmin.statusCode).toBe(403)
  })

  test('a deleted household cannot be moved', async () => {
    const { householdId } = await householdInGridA()
    await push(server, worker, [mutation('household.delete', { id: householdId })])
    const [result] = await push(server, village, [mutation('household.move', { id: householdId, gridId: GRID_B })])
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND', householdDeleted: expect.any(Object) } })
  })
})
