import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Migrator, sql, type Kysely, type Migration } from 'kysely'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrator'
import * as initial from '../../server/src/db/migrations/001_initial'
import * as householdAddressSort from '../../server/src/db/migrations/002_household_address_sort'
import * as recordHistory from '../../server/src/db/migrations/003_record_history'
import * as loginFailures from '../../server/src/db/migrations/004_login_failures'
import { createPostgresSchema, databases, type TestDialect } from './harness'

/**
 * Migration 006 on a database that already holds households: their address line is filled and their
 * sort key recomputed (Chinese numerals read as numbers), so that search and order mean on old rows what
 * the core says.
 */
describe.each(databases())('migration 006 on %s', (dialect: TestDialect) => {
  let database: DatabaseHandle
  let cleanUp: () => Promise<void>

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-migration-'))
    const pg = dialect === 'postgres' ? await createPostgresSchema(process.env.TEST_DATABASE_URL!) : null
    database = openDatabase({ databaseUrl: pg?.url ?? null, dataDir })
    cleanUp = async () => {
      await database.close()
      await pg?.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
  afterAll(() => cleanUp())

  test('fills the address line and recomputes the sort key of households stored before it', async () => {
    await migrateUpTo004(database.db, dialect)
    // Written as a row was before 006 (no address_line yet; the old sort key left Chinese numerals as they are).
    await sql`
      insert into households (id, grid_id, village_code, address_group, address_building, address_door, address_sort,
        version, created_at, created_by, updated_at, updated_by)
      values ('5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01', 'g1', '141002001001', '十一组', '5', '301', '十一组 00000005栋 00000301号',
        1, '2026-11-01T00:00:00.000Z', 'u1', '2026-11-01T00:00:00.000Z', 'u1')
    `.execute(database.db)

    await migrateToLatest(database.db, dialect)

    const row = await database.db.selectFrom('households').select(['address_line', 'address_sort']).executeTakeFirstOrThrow()
    expect(row).toEqual({ address_line: '十一组 5栋 301号', address_sort: '00000011组 00000005栋 00000301号' })
  })
})

/** The database as it was before migrations 005 and 006: the first four, recorded as run. */
async function migrateUpTo004(db: Kysely<any>, dialect: TestDialect): Promise<void> {
  const earlier = { '001_initial': initial, '002_household_address_sort': householdAddressSort, '003_record_history': recordHistory, '004_login_failures': loginFailures }
  const migrations: Record<string, Migration> = Object.fromEntries(
    Object.entries(earlier).map(([name, migration]) => [name, { up: (target: Kysely<any>) => migration.up(target, dialect) }])
  )
  const schema = dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0].schema : undefined
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema }).migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error))
}
