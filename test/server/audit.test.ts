import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { canonicalJson, rowHash, GENESIS_HASH } from '../../server/src/modules/audit/chain'
import { verifyAuditChain } from '../../server/src/modules/audit/verify'
import type { AuditEntry } from '../../server/src/modules/audit/auditLog'
import { databases, startServer, type TestDialect, type TestServer } from './harness'

const run = promisify(execFile)
const ROOT = path.resolve(__dirname, '../..')

const entry = (n: number): AuditEntry => ({
  actor: { id: 'u-official', role: 'official' },
  action: 'case.create',
  target: `case/${n}`,
  result: 'success',
  details: { villageCode: '141002001001', n, nested: { b: 2, a: 1 } }
})

/** The triggers stop the application; the chain is for someone who can drop them. */
async function dropGuards(server: TestServer, dialect: TestDialect): Promise<void> {
  const db = server.database.db
  if (dialect === 'postgres') {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(db)
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db)
    await sql`drop trigger audit_log_no_delete`.execute(db)
  }
}

describe.each(databases())('audit log on %s', (dialect) => {
  let server: TestServer

  beforeEach(async () => {
    server = await startServer(dialect)
    for (let n = 1; n <= 5; n++) await server.database.db.transaction().execute((trx) => server.app.auditLog.record(trx, entry(n)))
  })
  afterEach(() => server.close())

  const verify = () => verifyAuditChain(server.database.db)

  test('appends a chain of hashes that verifies', async () => {
    const rows = await server.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    expect(rows.map((row) => Number(row.seq))).toEqual([1, 2, 3, 4, 5])
    expect(rows[0].prev_hash).toBe(GENESIS_HASH)
    expect(rows[1].prev_hash).toBe(rows[0].hash)
    expect(rows[0].details).toBe(canonicalJson({ n: 1, nested: { a: 1, b: 2 }, villageCode: '141002001001' }))
    expect(rows[0]).toMatchObject({ actor_id: 'u-official', actor_role: 'official', action: 'case.create', target: 'case/1', result: 'success' })
    const result = await verify()
    expect(result).toEqual({ ok: true, rows: 5, head: { seq: 5, hash: rows[4].hash }, problem: null })
  })

  test('concurrent appends stay one chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => server.database.db.transaction().execute((trx) => server.app.auditLog.record(trx, entry(100 + i))))
    )
    expect(await verify()).toMatchObject({ ok: true, rows: 17 })
  })

  test('an append rolls back with the change it belongs to', async () => {
    await expect(
      server.database.db.transaction().execute(async (trx) => {
        await server.app.auditLog.record(trx, entry(6))
        throw new Error('the change failed')
      })
    ).rejects.toThrow('the change failed')
    expect(await verify()).toMatchObject({ ok: true, rows: 5 })
  })

  test('refuses details holding a phone or ID number', async () => {
    const withPhone = { ...entry(6), details: { note: '联系 138 0013 8000' } }
    await expect(server.database.db.transaction().execute((trx) => server.app.auditLog.record(trx, withPhone))).rejects.toThrow('phone or ID number')
    expect(await verify()).toMatchObject({ ok: true, rows: 5 })
  })

  test('the database refuses to change or delete a row', async () => {
    const db = server.database.db
    // The refusal's message, or what the statement did when it was not refused. Not `rejects.toThrow`:
    // better-sqlite3's native addon keeps the SqliteError class of the first test file a jest worker
    // loaded, so in a later file its errors are no `Error` of this file's realm and jest reports "did not
    // throw" although the statement was refused.
    const refusal = (statement: Promise<unknown>) =>
      statement.then(
        (result) => `not refused: ${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))}`,
        (error: unknown) => (error instanceof Error ? error.message : String(error))
      )
    expect(await refusal(db.updateTable('audit_log').set({ result: 'failure' }).where('seq', '=', 2).executeTakeFirst())).toMatch(/append-only/)
    expect(await refusal(db.deleteFrom('audit_log').where('seq', '=', 2).executeTakeFirst())).toMatch(/append-only/)
    expect(await verify()).toMatchObject({ ok: true, rows: 5 })
  })

  test('a changed row fails verification', async () => {
    await dropGuards(server, dialect)
    await server.database.db.updateTable('audit_log').set({ actor_id: 'u-someone-else' }).where('seq', '=', 3).execute()
    expect(await verify()).toMatchObject({ ok: false, rows: 2, problem: expect.stringContaining('第 3 条的内容与其哈希不符') })
  })

  test('a changed row with its hash recomputed breaks the next link', async () => {
    await dropGuards(server, dialect)
    const db = server.database.db
    const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow()
    const forged = { ...row, details: canonicalJson({ villageCode: '141002001002' }) }
    await db.updateTable('audit_log').set({ details: forged.details, hash: rowHash(forged) }).where('seq', '=', 3).execute()
    expect(await verify()).toMatchObject({ ok: false, rows: 3, problem: expect.stringContaining('第 4 条的前一哈希') })
  })

  test('a deleted row fails verification, in the middle and at the start', async () => {
    await dropGuards(server, dialect)
    const db = server.database.db
    await db.deleteFrom('audit_log').where('seq', '=', 3).execute()
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringContaining('序号 3 缺失') })
    await db.deleteFrom('audit_log').where('seq', '=', 1).execute()
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringContaining('应为 1') })
  })

  test('rows cut off the end are caught against a head recorded earlier', async () => {
    const head = (await verify()).head!
    await dropGuards(server, dialect)
    await server.database.db.deleteFrom('audit_log').where('seq', '>=', 4).execute()
    // The shorter chain is consistent in itself…
    expect(await verify()).toMatchObject({ ok: true, rows: 3 })
    // …but not with the head written down before.
    expect(await verifyAuditChain(server.database.db, head)).toMatchObject({ ok: false, problem: expect.stringContaining('第 5 条已不存在') })
  })

  test('a forged row fails verification, inserted in the middle or appended', async () => {
    await dropGuards(server, dialect)
    const db = server.database.db
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    // Appended: the forger copies a row's look but cannot link it to the real head without recomputing.
    await db.insertInto('audit_log').values({ ...rows[1], seq: 6, target: 'case/forged' }).execute()
    expect(await verify()).toMatchObject({ ok: false, rows: 5, problem: expect.stringContaining('第 6 条的前一哈希') })
    await db.deleteFrom('audit_log').where('seq', '=', 6).execute()
    // In the middle: rows 3–5 move up one to make room for a forged 3 that links to 2.
    for (const seq of [5, 4, 3]) await db.updateTable('audit_log').set({ seq: seq + 1 }).where('seq', '=', seq).execute()
    const forged = { ...rows[2], target: 'case/forged', prev_hash: rows[1].hash }
    await db.insertInto('audit_log').values({ ...forged, hash: rowHash(forged) }).execute()
    expect(await verify()).toMatchObject({ ok: false, rows: 3, problem: expect.stringContaining('第 4 条') })
  })

  test('npm run audit:verify exits 0 on a whole chain and 1 on a broken one', async () => {
    const env = { ...process.env, WUZHA_DATA_DIR: server.config.dataDir, DATABASE_URL: server.config.databaseUrl ?? '', NODE_ENV: 'test' as const }
    const script = path.join(ROOT, 'server/src/scripts/audit-verify.ts')
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx')
    const whole = await run(tsx, [script], { env, cwd: ROOT })
    expect(whole.stdout).toContain('审计日志完好：共 5 条')
    await dropGuards(server, dialect)
    await server.database.db.updateTable('audit_log').set({ result: 'failure' }).where('seq', '=', 2).execute()
    await expect(run(tsx, [script], { env, cwd: ROOT })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('审计日志校验失败') })
  }, 60_000)
})
