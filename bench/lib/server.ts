import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Client } from 'pg'
import { sql, type Kysely } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app'
import type { Database } from '../../server/src/db/schema'
import { readConfig, type ServerConfig } from '../../server/src/config'
import { openDatabase, type DatabaseHandle, type DialectName } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrator'
import { createFieldCipher, type FieldCipher } from '../../server/src/crypto/fieldCipher'
import { UserRepository } from '../../server/src/access/userRepository'
// The tests' throwaway PostgreSQL schema (created, pointed at with search_path, dropped on close).
import { createPostgresSchema } from '../../test/server/harness'
import { SessionService } from '../../server/src/access/sessions'
import type { Role } from '../../src/core/api'

/**
 * The real app for benchmarks, built the way main.ts builds it (buildApp, migrations, the pragmas of
 * openDatabase) on a fresh SQLite file in a temp directory, or on a fresh PostgreSQL schema of
 * BENCH_DATABASE_URL, dropped on close. Requests go through `app.inject`: in-process, no sockets.
 */
export interface BenchServer {
  app: FastifyInstance
  config: ServerConfig
  database: DatabaseHandle
  cipher: FieldCipher
  dialect: DialectName
  close(): Promise<void>
}

/** SQLite always; PostgreSQL too when BENCH_DATABASE_URL names one. */
export function benchDialects(): DialectName[] {
  return process.env.BENCH_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']
}

/** Where the SQLite file goes: BENCH_TMPDIR (to measure a particular disk) or the OS temp dir. */
export function benchTmpRoot(): string {
  return process.env.BENCH_TMPDIR || os.tmpdir()
}

/**
 * `h5Dir`: serve that H5 build at / as `npm start` does (for benchmarks in a browser); none by default.
 * `postgresVia`: the server reaches PostgreSQL through this host and port (a delaying proxy) instead.
 */
export async function startBenchServer(dialect: DialectName, options: { h5Dir?: string; postgresVia?: { host: string; port: number } } = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(benchTmpRoot(), 'wuzha-bench-'))
  const pg = dialect === 'postgres' ? await createPostgresSchema(process.env.BENCH_DATABASE_URL!) : null
  const config = readConfig({ NODE_ENV: 'test', WUZHA_DATA_DIR: dataDir, WUZHA_DEMO: '0' } as unknown as NodeJS.ProcessEnv, {
    databaseUrl: pg ? via(pg.url, options.postgresVia) : null,
    h5Dir: options.h5Dir ?? null,
    wechatApiBase: 'http://127.0.0.1:1/unused'
  })
  const database = openDatabase(config)
  await migrateToLatest(database.db, database.dialect)
  const cipher = createFieldCipher(crypto.randomBytes(32))
  const app = await buildApp({ config, database, cipher })
  await app.ready()
  return {
    app,
    config,
    database,
    cipher,
    dialect: database.dialect,
    async close() {
      await app.close()
      await database.close()
      await pg?.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** The URL with its host and port replaced by `hop`'s, if any. */
function via(url: string, hop: { host: string; port: number } | undefined): string {
  if (!hop) return url
  const rewritten = new URL(url)
  rewritten.hostname = hop.host
  rewritten.port = String(hop.port)
  return rewritten.toString()
}

export interface StaffSpec {
  id: string
  name: string
  role: Exclude<Role, 'resident'>
  scopeRegionCode: string
  gridIds?: string[]
}

/** A staff user and a live session for them, written directly: returns the bearer header. */
export function signedIn(server: Pick<BenchServer, 'database'>, staff: StaffSpec): Promise<{ authorization: string }> {
  return signedInOn(server.database.db, staff)
}

/** The same on a database the bench has open beside a server in another process. */
export async function signedInOn(db: Kysely<Database>, staff: StaffSpec): Promise<{ authorization: string }> {
  await new UserRepository(db).insert(
    {
      id: staff.id,
      username: null,
      password_hash: null,
      name: staff.name,
      role: staff.role,
      scope_region_code: staff.scopeRegionCode,
      wechat_openid: null,
      created_at: new Date().toISOString(),
      disabled_at: null
    },
    staff.gridIds ?? []
  )
  const { token } = await new SessionService(db).create({ userId: staff.id, wechatOpenid: null })
  return { authorization: `Bearer ${token}` }
}

/**
 * The statements sent to PostgreSQL while `step` runs, counted on pg's Client (through which Kysely
 * sends every query, BEGIN, SAVEPOINT and COMMIT included): each one is a round trip to the database.
 * Nothing else may run meanwhile.
 */
export async function countPostgresStatements<T>(step: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = prototype.query
  let statements = 0
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1
    return original.apply(this, args)
  }
  try {
    const result = await step()
    return { result, statements }
  } finally {
    prototype.query = original
  }
}

/** The database engine's own version string, for the report. */
export async function engineVersion(server: BenchServer): Promise<string> {
  if (server.dialect === 'sqlite') {
    const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(server.database.db)
    return `SQLite ${rows[0].v} (WAL, synchronous=FULL)`
  }
  const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(server.database.db)
  const { rows: sync } = await sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(server.database.db)
  return `PostgreSQL ${rows[0].v.split(' ')[0]} (synchronous_commit=${sync[0].v})`
}
