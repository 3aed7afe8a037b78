import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../db/schema'
import { SQLITE_FILE, type DialectName } from '../db/database'
import { schemaState } from '../db/migrator'
import { verifyAuditChain, type Verification } from '../modules/audit/verify'
import { createFieldCipher } from '../crypto/fieldCipher'

const run = promisify(execFile)

/** A refusal or failure the operator can act on: a Chinese message and its English gist. */
export class BackupError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string
  ) {
    super(`${zh}\n(${en})`)
    this.name = 'BackupError'
  }
}

export interface DatabaseTarget {
  databaseUrl: string | null
  dataDir: string
}

export interface RestoreOptions {
  /** Replace a database that holds data (never one the server is using). */
  force: boolean
  /** The field key the server will use, or null when none exists yet. */
  dataKey: Buffer | null
}

export interface RestoreReport {
  audit: Verification
  /** Migrations the backup predates: the server runs them when it next starts. */
  pendingMigrations: string[]
}

/**
 * Copies the database the server would open into `file` (0600): SQLite through its online backup API,
 * which is safe while the server writes; PostgreSQL through `pg_dump -Fc`. The file appears only once
 * complete, and an existing file is never overwritten.
 */
export async function backupDatabase(target: DatabaseTarget, file: string): Promise<void> {
  if (fs.existsSync(file)) throw new BackupError(`备份文件 ${file} 已存在，请换一个文件名`, `backup file ${file} exists; choose another name`)
  const partial = `${file}.partial`
  fs.rmSync(partial, { force: true })
  try {
    if (target.databaseUrl) await dumpPostgres(target.databaseUrl, partial)
    else await backupSqlite(target.dataDir, partial)
    fs.renameSync(partial, file)
  } finally {
    fs.rmSync(partial, { force: true })
  }
}

/**
 * Replaces the database with a backup, then checks it: the audit chain verifies, the schema is not
 * from a newer version, and the data key opens its encrypted columns. It refuses a database holding
 * data unless `force`, and always one the server is using. SQLite: the backup is checked in a copy
 * beside the database before it takes the database's place, so a bad file leaves the target unchanged.
 * PostgreSQL: pg_restore runs in one transaction, so a damaged file changes nothing; the checks run
 * after it, and a failure then means the restored database must not be used.
 */
export async function restoreDatabase(target: DatabaseTarget, file: string, options: RestoreOptions): Promise<RestoreReport> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`备份文件 ${file} 不存在`, `backup file ${file} not found`)
  return target.databaseUrl ? restorePostgres(target.databaseUrl, file, options) : restoreSqlite(target.dataDir, file, options)
}

// --- SQLite -------------------------------------------------------------------------------------

async function backupSqlite(dataDir: string, partial: string): Promise<void> {
  const source = path.join(dataDir, SQLITE_FILE)
  if (!fs.existsSync(source)) throw new BackupError(`数据目录 ${dataDir} 中没有数据库`, `no database in ${dataDir}`)
  fs.closeSync(fs.openSync(partial, 'wx', 0o600))
  const live = new SQLite(source, { fileMustExist: true, timeout: 5000 })
  try {
    // All pages in one step: one read transaction, a consistent snapshot under WAL even while the server
    // writes (in small steps, each write restarts the copy), and one commit of the copy instead of one
    // per 100 pages. It blocks only this process.
    await live.backup(partial, { progress: () => 2 ** 30 })
  } finally {
    live.close()
  }
  // One self-contained file (no -wal beside it); the server switches a restored file back to WAL.
  const copy = new SQLite(partial, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
    assertIntact(copy, 'quick_check')
  } finally {
    copy.close()
  }
  fs.chmodSync(partial, 0o600)
}

async function restoreSqlite(dataDir: string, file: string, options: RestoreOptions): Promise<RestoreReport> {
  const live = path.join(dataDir, SQLITE_FILE)
  const exists = fs.existsSync(live) && fs.statSync(live).size > 0
  if (exists && !options.force) throw refusedOverData(`数据目录 ${dataDir} 中`)
  if (!hasSqliteHeader(file)) throw new BackupError(`${file} 不是 SQLite 数据库备份`, `${file} is not an SQLite database`)
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const staging = `${live}.restoring`
  removeWithJournals(staging)
  try {
    fs.copyFileSync(file, staging)
    fs.chmodSync(staging, 0o600)
    const report = await checkSqliteCopy(staging, options.dataKey)
    if (exists) assertSqliteIdle(live)
    // A journal left beside the old file would be replayed into the new one: it goes first.
    removeWithJournals(live)
    fs.renameSync(staging, live)
    return report
  } finally {
    removeWithJournals(staging)
  }
}

async function checkSqliteCopy(file: string, dataKey: Buffer | null): Promise<RestoreReport> {
  let sqlite: SQLite.Database
  try {
    sqlite = new SQLite(file, { fileMustExist: true })
    sqlite.pragma('journal_mode = DELETE')
    assertIntact(sqlite)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw damaged(error)
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    return await checkRestored(db, 'sqlite', dataKey)
  } finally {
    await db.destroy()
  }
}

/** `quick_check` for a copy just made from the live file; the full `integrity_check` for a file brought back. */
function assertIntact(sqlite: SQLite.Database, check: 'integrity_check' | 'quick_check' = 'integrity_check'): void {
  let problems: string[]
  try {
    problems = (sqlite.pragma(check) as Array<Record<string, string>>).map((row) => row[check])
  } catch (error) {
    throw damaged(error)
  }
  if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(problems.slice(0, 3).join('; '))
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(16)
  const fd = fs.openSync(file, 'r')
  try {
    return fs.readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === 'SQLite format 3\0'
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Any open connection (the server's pool, even idle) holds a shared lock on a WAL database, so an
 * exclusive lock taken without waiting tells whether anyone has it open.
 */
function assertSqliteIdle(file: string): void {
  const probe = new SQLite(file, { fileMustExist: true, timeout: 0 })
  try {
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.exec('BEGIN EXCLUSIVE')
    probe.exec('COMMIT')
  } catch {
    throw new BackupError('服务正在使用该数据库，请先停止服务再恢复', 'the database is in use; stop the server before restoring')
  } finally {
    probe.close()
  }
}

function removeWithJournals(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal', '']) fs.rmSync(file + suffix, { force: true })
}

// --- PostgreSQL ---------------------------------------------------------------------------------

/** libpq's variables for a connection URL: the password stays out of the process list. */
function libpqEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl)
  const env: NodeJS.ProcessEnv = { ...process.env, PGDATABASE: decodeURIComponent(url.pathname.slice(1)) }
  if (url.hostname) env.PGHOST = url.hostname
  if (url.port) env.PGPORT = url.port
  if (url.username) env.PGUSER = decodeURIComponent(url.username)
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  const params: Record<string, string> = { host: 'PGHOST', options: 'PGOPTIONS', sslmode: 'PGSSLMODE', application_name: 'PGAPPNAME' }
  for (const [name, variable] of Object.entries(params)) {
    const value = url.searchParams.get(name)
    if (value) env[variable] = value
  }
  return env
}

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string): Promise<string> {
  try {
    const { stdout } = await run(name, args, { env: libpqEnv(databaseUrl), maxBuffer: 64 * 2 ** 20 })
    return stdout
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string }
    if (failure.code === 'ENOENT') throw new BackupError(`找不到 ${name}，请安装 PostgreSQL 客户端（与服务器同一大版本）`, `${name} not found; install the PostgreSQL client tools`)
    throw Object.assign(new Error((failure.stderr ?? failure.message).trim().split('\n').slice(-3).join(' ')), { cause: error })
  }
}

/** pg_dump refuses a newer server; saying which versions meet is clearer than its message. */
async function assertClientMatches(databaseUrl: string, pool: pg.Pool): Promise<void> {
  const client = Number(/(\d+)/.exec(await tool('pg_dump', ['--version'], databaseUrl))?.[1])
  const { rows } = await pool.query<{ v: string }>('show server_version_num')
  const server = Math.floor(Number(rows[0].v) / 10000)
  if (client < server) {
    throw new BackupError(`pg_dump 版本 ${client} 低于数据库服务器版本 ${server}，请安装 ${server} 版客户端`, `pg_dump ${client} is older than server ${server}`)
  }
}

async function withPool<T>(databaseUrl: string, step: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  try {
    return await step(pool)
  } finally {
    await pool.end()
  }
}

async function dumpPostgres(databaseUrl: string, partial: string): Promise<void> {
  await withPool(databaseUrl, (pool) => assertClientMatches(databaseUrl, pool))
  // Created 0600 first: pg_dump writes into it and keeps its mode.
  fs.closeSync(fs.openSync(partial, 'wx', 0o600))
  try {
    await tool('pg_dump', ['--format=custom', '--file', partial], databaseUrl)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(`pg_dump 失败：${(error as Error).message}`, 'pg_dump failed')
  }
}

async function restorePostgres(databaseUrl: string, file: string, options: RestoreOptions): Promise<RestoreReport> {
  try {
    await tool('pg_restore', ['--list', file], databaseUrl)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(`${file} 不是有效的 pg_dump 备份（-Fc）：${(error as Error).message}`, `${file} is not a pg_dump custom-format archive`)
  }
  await withPool(databaseUrl, async (pool) => {
    const { rows } = await pool.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')"
    )
    if (Number(rows[0].n) > 0 && !options.force) throw refusedOverData('该 PostgreSQL 数据库中')
    const others = await pool.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
    if (Number(others.rows[0].n) > 0) {
      throw new BackupError('还有其他连接在使用该数据库（服务是否仍在运行？），请先停止服务再恢复', 'other sessions use the database; stop the server before restoring')
    }
  })
  try {
    // One transaction: a damaged or truncated archive fails and rolls back, leaving the database as it was.
    await tool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--dbname', libpqEnv(databaseUrl).PGDATABASE!, file], databaseUrl)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw damaged((error as Error).message)
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  try {
    // An archive holds no planner statistics: until autovacuum comes by, PostgreSQL would plan a restored
    // city as if its tables were empty (the tally rebuild joined a full scan of members per household).
    await sql`analyze`.execute(db)
    return await checkRestored(db, 'postgres', options.dataKey)
  } finally {
    await db.destroy()
  }
}

// --- Checks -------------------------------------------------------------------------------------

function refusedOverData(where: string): BackupError {
  return new BackupError(
    `${where}已有数据，恢复会覆盖它。确认要覆盖时请先停止服务，再加 --force 重新运行`,
    'a database exists there; stop the server and pass --force to replace it'
  )
}

function damaged(detail: unknown): BackupError {
  const text = detail instanceof Error ? detail.message : String(detail)
  return new BackupError(`备份文件损坏或不完整，未做任何改动：${text}`, 'the backup is damaged or truncated; nothing was changed')
}

/** What a restored database must pass before the server may use it. */
async function checkRestored(db: Kysely<Database>, dialect: DialectName, dataKey: Buffer | null): Promise<RestoreReport> {
  let audit: Verification
  let state: Awaited<ReturnType<typeof schemaState>>
  try {
    state = await schemaState(db, dialect)
    audit = await verifyAuditChain(db)
  } catch (error) {
    throw damaged(error)
  }
  if (state.unknown.length > 0) {
    throw new BackupError(
      `备份来自更新的版本（含本版本没有的迁移 ${state.unknown.join('、')}），请用该版本或更新的版本恢复`,
      `the backup was made by a newer version (migrations ${state.unknown.join(', ')})`
    )
  }
  if (!audit.ok) throw new BackupError(`审计日志校验失败：${audit.problem}`, 'the audit chain does not verify')
  await assertKeyOpens(db, dataKey)
  return { audit, pendingMigrations: state.pending }
}

/**
 * Phone and ID numbers (and live staff invitation codes) are stored encrypted with the data key, which
 * is not in the backup. One stored value must decrypt with the key the server will use; otherwise the
 * server would start, mint or use a different key, and those columns would be unreadable.
 */
async function assertKeyOpens(db: Kysely<Database>, dataKey: Buffer | null): Promise<void> {
  const sample =
    (await db.selectFrom('members').select('phone_enc as value').where('phone_enc', 'is not', null).limit(1).executeTakeFirst()) ??
    (await db.selectFrom('members').select('id_number_enc as value').where('id_number_enc', 'is not', null).limit(1).executeTakeFirst()) ??
    (await db.selectFrom('staff_invites').select('code_cipher as value').where('code_cipher', 'is not', null).limit(1).executeTakeFirst())
  if (!sample?.value) return
  if (!dataKey) {
    throw new BackupError(
      '备份中的手机号等加密字段需要原数据密钥：请设置 WUZHA_DATA_KEY，或把原数据目录的 data.key 放入数据目录后再恢复',
      'encrypted columns need the original data key (WUZHA_DATA_KEY or data.key)'
    )
  }
  try {
    createFieldCipher(dataKey).decrypt(sample.value)
  } catch {
    throw new BackupError('数据密钥与备份不符：备份中的加密字段无法用当前 WUZHA_DATA_KEY（或 data.key）解密', 'the data key does not decrypt the backup')
  }
}
