import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'

export type DialectName = 'sqlite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  dialect: DialectName
  close(): Promise<void>
}

// change_log.seq is bigserial on PostgreSQL; its values fit a JS number for any realistic deployment.
pg.types.setTypeParser(20, (value) => Number(value))

/** SQLite in `dataDir/wuzha.sqlite` (WAL) unless a PostgreSQL URL is given. */
export function openDatabase(options: { databaseUrl: string | null; dataDir: string }): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  fs.mkdirSync(options.dataDir, { recursive: true })
  const sqlite = new SQLite(path.join(options.dataDir, 'wuzha.sqlite'))
  sqlite.pragma('journal_mode = WAL')
  // FULL: an acknowledged change survives a power cut, not just a process crash.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}
