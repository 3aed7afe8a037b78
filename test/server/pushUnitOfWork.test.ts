import SQLite from 'better-sqlite3'
import { Client } from 'pg'
import { CompiledQuery, sql } from 'kysely'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_OTHER_TOWNSHIP, login, seedWorld, USERS, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, mutation, push, visitRecord, type Envelope } from './mutationBuilders'
import { maskName } from '../../src/core/names'

type Auth = { authorization: string }

/**
 * The statements the database driver is handed while `step` runs (pg's Client.query: BEGIN, COMMIT and
 * SAVEPOINTs included; better-sqlite3's prepare), as text: on PostgreSQL each one is a round trip.
 * Nothing else may run meanwhile.
 */
async function statementsDuring(dialect: TestDialect, step: () => Promise<unknown>): Promise<string[]> {
  const prototype = (dialect === 'postgres' ? Client.prototype : SQLite.prototype) as unknown as Record<string, (...args: unknown[]) => unknown>
  const method = dialect === 'postgres' ? 'query' : 'prepare'
  const original = prototype[method]
  const statements: string[] = []
  prototype[method] = function (this: unknown, ...args: unknown[]) {
    statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text))
    return original.apply(this, args)
  }
  try {
    await step()
    return statements
  } finally {
    prototype[method] = original
  }
}

async function countStatements(dialect: TestDialect, step: () => Promise<unknown>): Promise<number> {
  return (await statementsDuring(dialect, step)).length
}

/** A household as the app records one: the household, two members (one head), an app status, a visit. */
function fieldHousehold(): Envelope[] {
  const householdId = uuid()
  const head = uuid()
  return [
    householdUpsert({ id: householdId, gridId: GRID_A }),
    memberUpsert({ id: head, householdId, isHead: true, phone: '13912345678' }),
    memberUpsert({ id: uuid(), householdId, name: '李桂英', smartphone: 'no' }),
    memberApp({ memberId: head }),
    visitRecord({ id: uuid(), householdId })
  ]
}

describe.each(databases())('a push is one unit of work on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(() => server.close())

  const db = () => server.database.db
  const changeLogOf = (mutationId: string) => db().selectFrom('change_log').selectAll().where('mutation_id', '=', mutationId).execute()

  test('the statements of a push do not grow with its mutations: at most 3 per mutation, far fewer for a large push', async () => {
    const small = Array.from({ length: 4 }, fieldHousehold).flat()
    const large = Array.from({ length: 40 }, fieldHousehold).flat()
    const smallCount = await countStatements(dialect, () => push(server, worker, small))
    const largeCount = await countStatements(dialect, () => push(server, worker, large))
    expect(largeCount).toBeLessThanOrEqual(3 * large.length)
    // Ten times the mutations, the same reads and one statement per table: only a statement or two more
    // (a table's first rows of the push, e.g. the tallies of a new quarter).
    expect(largeCount - smallCount).toBeLessThanOrEqual(3)
    expect(smallCount).toBeLessThanOrEqual(3 * small.length)
  })

  test('a push sent again reads its mutation records, not the records its mutations name', async () => {
    const sent = Array.from({ length: 3 }, fieldHousehold).flat()
    await push(server, worker, sent)
    let results: Awaited<ReturnType<typeof push>> = []
    const statements = await statementsDuring(dialect, async () => {
      results = await push(server, worker, sent)
    })
    expect(results.every((result) => result.status === 'duplicate')).toBe(true)
    const rosterReads = statements.filter((text) => /^\s*select/i.test(text) && /\b(households|members|visits|certifications)\b/.test(text))
    expect(rosterReads).toEqual([])
    expect(statements.some((text) => /from "mutations"/.test(text))).toBe(true)
  })

  // The reads must stay look-ups by key at any size (a city has 1.3 million households): with sequential
  // scans disabled, PostgreSQL still plans one only where no index can serve the statement.
  // (SQLite's plans are checked by reading EXPLAIN QUERY PLAN: its OR of IN lists is a multi-index OR.)
  if (dialect === 'postgres') test('every statement a push reads with is served by an index on PostgreSQL, whatever the table size', async () => {
    const existing = fieldHousehold()
    await push(server, worker, existing)
    const statements: Array<{ text: string; values: unknown[] }> = []
    const prototype = Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
    const original = prototype.query
    prototype.query = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'string') statements.push({ text: args[0], values: (args[1] as unknown[]) ?? [] })
      return original.apply(this, args)
    }
    try {
      // Named households, members (an app status of an existing one) and visits, new and existing.
      await push(server, worker, [...fieldHousehold(), memberApp({ memberId: (existing[1].payload as { id: string }).id, status: 'installed' })])
    } finally {
      prototype.query = original
    }
    const reads = statements.filter(({ text }) => /^\s*select/i.test(text))
    expect(reads.length).toBeGreaterThan(3)
    const scans = await db()
      .connection()
      .execute(async (connection) => {
        await sql`set enable_seqscan = off`.execute(connection)
        const found: string[] = []
        for (const { text, values } of reads) {
          const plan = await connection.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${text}`, values))
          const lines = plan.rows.map((row) => row['QUERY PLAN'])
          for (const line of lines) if (/Seq Scan on (households|members|visits|certifications|mutations)\b/.test(line)) found.push(`${line.trim()} ← ${text.slice(0, 120)}`)
        }
        await sql`reset enable_seqscan`.execute(connection)
        return found
      })
    expect(scans).toEqual([])
  })

  test('a rejected mutation in the middle of a push leaves no trace, and the ones after it apply', async () => {
    const householdId = uuid()
    const memberId = uuid()
    const outside = uuid()
    const sent = [
      householdUpsert({ id: householdId, gridId: GRID_A }),
      memberUpsert({ id: memberId, householdId, isHead: true }),
      // Out of the worker's scope: NOT_FOUND, after the two above changed the household in memory.
      householdUpsert({ id: outside, gridId: GRID_OTHER_TOWNSHIP }),
      // Moves the member into a household that does not exist: rejected before anything of it is written.
      memberUpsert({ id: memberId, householdId: uuid(), name: '改过的名字' }),
      visitRecord({ id: uuid(), householdId })
    ]
    const results = await push(server, worker, sent)
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected', 'applied'])
    expect(results[3].error?.code).toBe('NOT_FOUND')

    expect(await db().selectFrom('households').select('id').where('id', '=', outside).execute()).toEqual([])
    const member = await db().selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({ household_id: householdId, name: '王秀兰', version: 1 })
    for (const rejected of [sent[2], sent[3]]) {
      expect(await changeLogOf(rejected.id)).toEqual([])
      expect(await db().selectFrom('record_history').select('id').where('mutation_id', '=', rejected.id).execute()).toEqual([])
      const record = await db().selectFrom('mutations').selectAll().where('id', '=', rejected.id).executeTakeFirstOrThrow()
      expect(record.status).toBe('rejected')
    }
    expect(await changeLogOf(sent[4].id)).toHaveLength(1)
  })

  test('a mutation sees what the earlier ones of the same push did', async () => {
    const householdId = uuid()
    const head = uuid()
    const second = uuid()
    const sent = [
      householdUpsert({ id: householdId, gridId: GRID_A, note: '第一次' }),
      memberUpsert({ id: head, householdId, isHead: true }),
      memberApp({ memberId: head, evidence: 'in_person' }),
      // A weaker evidence without a reason, after the in-person one of this push: CONFLICT.
      memberApp({ memberId: head, evidence: 'self_declared' }),
      // A new head of the household made earlier in the push demotes the first.
      memberUpsert({ id: second, householdId, isHead: true, name: '李桂英' }),
      householdUpsert({ id: householdId, gridId: GRID_A, note: '第二次' }),
      mutation('household.delete', { id: householdId }),
      // Edits after the delete of the same push are refused, saying who deleted it.
      memberUpsert({ id: head, householdId, name: '删后修改' }),
      visitRecord({ id: uuid(), householdId })
    ]
    const results = await push(server, worker, sent)
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied', 'rejected', 'rejected'])
    expect(results[3].error?.code).toBe('CONFLICT')
    expect(results[7].error).toMatchObject({
      code: 'NOT_FOUND',
      householdDeleted: { at: server.clock.now.toISOString(), byNameMasked: maskName(USERS.worker.name) }
    })

    const members = await db().selectFrom('members').selectAll().where('household_id', '=', householdId).orderBy('created_at').orderBy('name').execute()
    const byId = new Map(members.map((m) => [m.id, m]))
    expect(byId.get(head)).toMatchObject({ is_head: 0, app_evidence: 'in_person', name: '王秀兰', deleted_by: 'u-worker' })
    expect(byId.get(second)).toMatchObject({ is_head: 1, deleted_by: 'u-worker' })
    // The head's version: created 1, app status 2, demoted 3, deleted with the household 4.
    expect(byId.get(head)!.version).toBe(4)
    const household = await db().selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow()
    expect(household).toMatchObject({ note: '第二次', version: 3, deleted_by: 'u-worker' })
    const noteHistory = await db().selectFrom('record_history').selectAll().where('entity_id', '=', householdId).where('field', '=', 'note').execute()
    expect(noteHistory.map((row) => [JSON.parse(row.old_value), JSON.parse(row.new_value), row.mutation_id])).toEqual([['第一次', '第二次', sent[5].id]])
    // The change log in the order of the push: the delete takes both members along.
    const log = await db().selectFrom('change_log').select(['entity', 'entity_id', 'op', 'mutation_id']).where('mutation_id', '=', sent[6].id).orderBy('seq').execute()
    expect(log.map((row) => [row.entity, row.op])).toEqual([
      ['household', 'delete'],
      ['member', 'delete'],
      ['member', 'delete']
    ])
  })
})
