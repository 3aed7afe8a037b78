import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Pool } from 'pg'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../server/src/app'
import { readConfig, type ServerConfig } from '../../server/src/config'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrator'
import { createFieldCipher } from '../../server/src/crypto/fieldCipher'

/**
 * Each server suite runs once per database: always on SQLite (a fresh file in a temp dir) and, when
 * TEST_DATABASE_URL is set, on PostgreSQL (a fresh schema per app, dropped afterwards).
 * Usage: describe.each(databases())('households on %s', (dialect) => { ... startServer(dialect) ... })
 */
export type TestDialect = 'sqlite' | 'postgres'

export function databases(): TestDialect[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']
}

export interface TestServer {
  app: FastifyInstance
  database: DatabaseHandle
  config: ServerConfig
  /** Moves the injected clock. */
  clock: { now: Date }
  close(): Promise<void>
}

export async function createPostgresSchema(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`
  const admin = new Pool({ connectionString: baseUrl, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = new URL(baseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: url.toString(),
    async drop() {
      const pool = new Pool({ connectionString: baseUrl, max: 1 })
      await pool.query(`DROP SCHEMA ${schema} CASCADE`)
      await pool.end()
    }
  }
}

/**
 * A whole PostgreSQL database of its own (CREATE DATABASE), for what works on databases rather than
 * schemas (pg_dump, pg_restore); dropped with any sessions still in it.
 */
export async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wuzha_t_${crypto.randomBytes(6).toString('hex')}`
  const admin = new Pool({ connectionString: baseUrl, max: 1 })
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const pool = new Pool({ connectionString: baseUrl, max: 1 })
      await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await pool.end()
    }
  }
}

export async function startServer(dialect: TestDialect, overrides: Partial<ServerConfig> = {}, options: AppOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-test-'))
  const pg = dialect === 'postgres' ? await createPostgresSchema(process.env.TEST_DATABASE_URL!) : null
  const config = readConfig(
    { NODE_ENV: 'test', WUZHA_DATA_DIR: dataDir, WUZHA_DEMO: '0' } as unknown as NodeJS.ProcessEnv,
    { databaseUrl: pg?.url ?? null, h5Dir: null, wechatApiBase: 'http://127.0.0.1:1/unused', ...overrides }
  )
  const database = openDatabase(config)
  await migrateToLatest(database.db, database.dialect)
  const clock = { now: new Date('2026-11-15T02:00:00.000Z') }
  const cipher = createFieldCipher(crypto.randomBytes(32))
  const app = await buildApp({ config, database, cipher, now: () => clock.now }, options)
  await app.ready()
  return {
    app,
    database,
    config,
    clock,
    async close() {
      await app.close()
      await database.close()
      await pg?.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
