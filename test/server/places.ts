import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import type { DatabaseTarget } from '../../server/src/backup/backup'
import { createPostgresDatabase, type TestDialect } from './harness'

/** A database of its own: a SQLite data directory, or a PostgreSQL database made for the test. */
export interface Place {
  target: DatabaseTarget
  open(): DatabaseHandle
  drop(): Promise<void>
}

export async function newPlace(dialect: TestDialect, root: string): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(root, 'place-'))
  const pg = dialect === 'postgres' ? await createPostgresDatabase(process.env.TEST_DATABASE_URL!) : null
  const target = { databaseUrl: pg?.url ?? null, dataDir }
  return { target, open: () => openDatabase(target), drop: async () => pg?.drop() }
}

/** Every table the database has (read from its catalogue, so a new table is covered without naming it here). */
export async function tableNames(database: DatabaseHandle): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
  return (await query.execute(database.db)).rows.map((row) => row.name)
}

/** Every row of every table, each table's rows sorted by their JSON text. */
export async function snapshot(database: DatabaseHandle): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {}
  for (const name of await tableNames(database)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(database.db)
    tables[name] = rows.map((row) => JSON.stringify(row)).sort()
  }
  return tables
}

export async function snapshotOf(place: Place): Promise<Record<string, string[]>> {
  const database = place.open()
  try {
    return await snapshot(database)
  } finally {
    await database.close()
  }
}
