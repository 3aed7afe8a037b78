import { sql } from 'kysely'
import { containsPhoneOrIdNumber } from '../../src/core/freeText'
import { verifyAuditChain } from '../../server/src/modules/audit/verify'
import { MUTATIONS_PER_TRANSACTION } from '../../server/src/modules/sync/push'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_OTHER_TOWNSHIP, login, seedWorld, uuid } from './fixtures'
import { CLIENT_ID, householdUpsert, memberUpsert, mutation, push, pushRaw, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

const PHONE = '13912345678'

/** The audit rows of one action after `afterSeq`, details parsed. */
async function auditRows(server: TestServer, action: string, afterSeq = 0) {
  const rows = await server.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({ ...row, seq: Number(row.seq), details: JSON.parse(row.details) as Record<string, unknown> }))
}

async function headSeq(server: TestServer): Promise<number> {
  const row = await server.database.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return row ? Number(row.seq) : 0
}

/** A whole row as stored, checked for the things an audit row must never hold. */
function expectNoPersonalData(row: object, ...values: string[]): void {
  const text = JSON.stringify(row)
  for (const value of values) expect(text).not.toContain(value)
  expect(containsPhoneOrIdNumber(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#'))).toBe(false)
}

describe.each(databases())('the push is audited on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(() => server.close())

  test('one sync.push row lists each mutation by id, type, target and result, without names or phones', async () => {
    const before = await headSeq(server)
    const householdId = uuid()
    const memberId = uuid()
    const visitId = uuid()
    const sent = [
      householdUpsert({ id: householdId, gridId: GRID_A, note: '门口有狗' }),
      memberUpsert({ id: memberId, householdId, name: '王秀兰', phone: PHONE }),
      visitRecord({ id: visitId, householdId }),
      householdUpsert({ id: uuid(), gridId: GRID_OTHER_TOWNSHIP }),
      // A payload naming no record by a UUID: its target is left out rather than copied into the log.
      mutation('household.upsert', { id: PHONE, gridId: GRID_A })
    ]
    const results = await push(server, worker, sent)
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'rejected'])

    const [row, ...others] = await auditRows(server, 'sync.push', before)
    expect(others).toEqual([])
    expect(row).toMatchObject({ actor_id: 'u-worker', actor_role: 'grid_worker', target: `client/${CLIENT_ID}`, result: 'failure' })
    expect(row.details).toEqual({
      applied: 3,
      duplicate: 0,
      rejected: 2,
      mutations: [
        { id: sent[0].id, type: 'household.upsert', target: `household/${householdId}`, status: 'applied' },
        { id: sent[1].id, type: 'member.upsert', target: `member/${memberId}`, status: 'applied' },
        { id: sent[2].id, type: 'visit.record', target: `visit/${visitId}`, status: 'applied' },
        { id: sent[3].id, type: 'household.upsert', target: `household/${(sent[3].payload as { id: string }).id}`, status: 'rejected', error: 'NOT_FOUND' },
        { id: sent[4].id, type: 'household.upsert', target: null, status: 'rejected', error: 'VALIDATION_FAILED' }
      ]
    })
    expectNoPersonalData(row, '王秀兰', PHONE, '门口有狗', '三组')
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true })
  })

  test('a replay is audited as duplicates; a push of more than one transaction writes one row per transaction', async () => {
    const households = Array.from({ length: MUTATIONS_PER_TRANSACTION + 10 }, () => householdUpsert({ id: uuid(), gridId: GRID_A }))
    const before = await headSeq(server)
    await push(server, worker, households)
    const rows = await auditRows(server, 'sync.push', before)
    expect(rows.map((r) => [r.result, r.details.applied, r.details.duplicate])).toEqual([
      ['success', MUTATIONS_PER_TRANSACTION, 0],
      ['success', 10, 0]
    ])
    expect(rows.flatMap((r) => (r.details.mutations as Array<{ id: string }>).map((m) => m.id))).toEqual(households.map((h) => h.id))

    const replayed = await headSeq(server)
    await push(server, worker, households.slice(0, 3))
    const [replay] = await auditRows(server, 'sync.push', replayed)
    expect(replay.details).toMatchObject({ applied: 0, duplicate: 3, rejected: 0 })
    expect(replay.result).toBe('success')
  })

  test('ids whose digits look like a phone number are audited, not refused', async () => {
    // 1381234-5678 across the dashes reads as 138 1234 5678 to the number rule; it is an id.
    const id = 'a1381234-5678-4abc-8abc-abcdefabcdef'
    const before = await headSeq(server)
    expect(await push(server, worker, [householdUpsert({ id, gridId: GRID_A })])).toEqual([{ id: expect.any(String), status: 'applied' }])
    const [row] = await auditRows(server, 'sync.push', before)
    expect(row.details.mutations).toEqual([expect.objectContaining({ target: `household/${id}`, status: 'applied' })])
  })

  test('a transaction that fails leaves neither its mutations nor their audit row', async () => {
    const db = server.database.db
    // The database itself fails the visit: an error no applier expects, so the transaction rolls back.
    if (dialect === 'postgres') {
      await sql`create function refuse_visit() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(db)
      await sql`create trigger refuse_visit before insert on visits for each row execute function refuse_visit()`.execute(db)
    } else {
      await sql`create trigger refuse_visit before insert on visits begin select raise(abort, 'disk full'); end`.execute(db)
    }
    try {
      const before = await headSeq(server)
      const householdId = uuid()
      const response = await pushRaw(server, worker, {
        clientId: CLIENT_ID,
        mutations: [householdUpsert({ id: householdId, gridId: GRID_A }), visitRecord({ id: uuid(), householdId })]
      })
      expect(response.statusCode).toBe(500)
      expect(await db.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst()).toBeUndefined()
      expect(await headSeq(server)).toBe(before)
    } finally {
      await sql`drop trigger refuse_visit${sql.raw(dialect === 'postgres' ? ' on visits' : '')}`.execute(db)
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true })
  })
})
