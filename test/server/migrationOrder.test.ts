import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrator'
import { createPostgresSchema, databases, type TestDialect } from './harness'

/**
 * Migration numbers are handed out to branches that merge in any order (011 may reach a database before
 * 009). A database that ran a later migration must still run an earlier one it lacks, not refuse to start.
 */
describe.each(databases())('migrations merged out of order on %s', (dialect: TestDialect) => {
  let database: DatabaseHandle
  let cleanUp: () => Promise<void>

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-migration-order-'))
    const pg = dialect === 'postgres' ? await createPostgresSchema(process.env.TEST_DATABASE_URL!) : null
    database = openDatabase({ databaseUrl: pg?.url ?? null, dataDir })
    cleanUp = async () => {
      await database.close()
      await pg?.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
  afterAll(() => cleanUp())

  test('a database that ran 011 but not 008 runs 008 and starts', async () => {
    await migrateToLatest(database.db, dialect)
    // As if 008 had been merged after 011 had already run here.
    await database.db.schema.dropTable('cases').execute()
    await sql`delete from kysely_migration where name = '008_cases'`.execute(database.db)

    await migrateToLatest(database.db, dialect)
    const names = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db)).rows.map((row) => row.name)
    expect(names).toContain('008_cases')
    expect(names).toContain('011_rule_sets')
    expect(await database.db.selectFrom('cases').select('id').execute()).toEqual([])
  })
})
