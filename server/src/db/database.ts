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

/** The SQLite file's name inside WUZHA_DATA_DIR. */
export const SQLITE_FILE = 'wuzha.sqlite'

/** SQLite in `dataDir/wuzha.sqlite` (WAL) unless a PostgreSQL URL is given. */
export function openDatabase(options: { databaseUrl: string | null; dataDir: string }): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    // An idle connection closed by PostgreSQL (a restart, pg_terminate_backend, an idle timeout) is an
    // 'error' event on the pool; unheard, it would crash the server. The pool has already dropped that
    // client and opens a new one for the next query, so a warning is all it takes.
    pool.on('error', (error) => process.emitWarning(`PostgreSQL closed an idle connection (${error.message}); the next query opens a new one`))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  const file = createPrivately(options.dataDir, SQLITE_FILE)
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  // FULL: an acknowledged change survives a power cut, not just a process crash.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

/**
 * The database file holds personal data: it is created readable by the server's user only (0600, in a
 * 0700 directory when the directory is new), and SQLite gives its -wal and -shm files the database
 * file's permissions. An existing file is tightened too.
 */
function createPrivately(dataDir: string, name: string): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = path.join(dataDir, name)
  fs.closeSync(fs.openSync(file, 'a', 0o600))
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600)
  }
  return file
}
