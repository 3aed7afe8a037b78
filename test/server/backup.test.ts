import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Pool } from 'pg'
import { sql } from 'kysely'
import { migrateToLatest } from '../../server/src/db/migrator'
import { createFieldCipher } from '../../server/src/crypto/fieldCipher'
import { AuditLog } from '../../server/src/modules/audit/auditLog'
import { verifyAuditChain } from '../../server/src/modules/audit/verify'
import { seedDemo } from '../../server/src/demo/seedDemo'
import { SQLITE_FILE } from '../../server/src/db/database'
import { BackupError, backupDatabase, restoreDatabase } from '../../server/src/backup/backup'
import { databases } from './harness'
import { seedWorld } from './fixtures'
import { newPlace, snapshot, snapshotOf, type Place } from './places'

const NOW = new Date('2026-11-15T02:00:00.000Z')

describe.each(databases())('backup and restore on %s', (dialect) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-backup-'))
  const dataKey = crypto.randomBytes(32)
  const places: Place[] = []
  let source: Place
  let original: Record<string, string[]>
  let backupFile: string

  async function place(): Promise<Place> {
    const made = await newPlace(dialect, root)
    places.push(made)
    return made
  }

  /** A database holding other data (the fixtures' small world), to restore over. */
  async function occupiedPlace(): Promise<Place> {
    const made = await place()
    const database = made.open()
    await migrateToLatest(database.db, database.dialect)
    await seedWorld(database.db)
    await database.close()
    return made
  }

  beforeAll(async () => {
    source = await place()
    const database = source.open()
    await migrateToLatest(database.db, database.dialect)
    // The demo: regions, staff, ~200 households with encrypted phones, visits, certifications, cases, daily rows.
    await seedDemo({ config: { production: false }, database, cipher: createFieldCipher(dataKey), now: () => NOW })
    const audit = new AuditLog(database.dialect, () => NOW)
    for (const action of ['case.create', 'export.households', 'ruleset.create']) {
      await database.db.transaction().execute((trx) => audit.record(trx, { actor: null, action, target: 'village/141002102200', result: 'success', details: { n: 1 } }))
    }
    original = await snapshot(database)
    await database.close()
    backupFile = path.join(root, 'backup.bin')
    await backupDatabase(source.target, backupFile)
  }, 180_000)

  afterAll(async () => {
    for (const made of places) await made.drop()
    fs.rmSync(root, { recursive: true, force: true })
  }, 120_000)

  test('the backup file is private, and an existing file is never overwritten', async () => {
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600)
    const before = fs.readFileSync(backupFile)
    await expect(backupDatabase(source.target, backupFile)).rejects.toThrow('已存在')
    expect(fs.readFileSync(backupFile).equals(before)).toBe(true)
  })

  test('a restore into a fresh place holds every row of every table, and the audit chain verifies', async () => {
    const target = await place()
    const report = await restoreDatabase(target.target, backupFile, { force: false, dataKey })
    expect(report.pendingMigrations).toEqual([])
    expect(report.audit).toMatchObject({ ok: true, rows: original.audit_log.length })
    const restored = await snapshotOf(target)
    expect(Object.keys(restored).length).toBeGreaterThanOrEqual(24)
    expect(Object.keys(restored)).toEqual(Object.keys(original))
    for (const table of ['households', 'members', 'visits', 'certifications', 'cases', 'village_daily', 'audit_log', 'users']) {
      expect({ table, rows: original[table].length > 0 }).toEqual({ table, rows: true })
    }
    for (const table of Object.keys(original)) expect({ table, rows: restored[table] }).toEqual({ table, rows: original[table] })
    const database = target.open()
    try {
      expect((await verifyAuditChain(database.db)).ok).toBe(true)
      if (dialect === 'postgres') {
        // Statistics are made by the restore, not left to autovacuum: plans on a restored database are the usual ones.
        const { rows } = await sql<{ analyzed: number | string }>`select count(*) as analyzed from pg_stat_user_tables
          where relname in ('households', 'members', 'visits') and last_analyze is not null`.execute(database.db)
        expect(Number(rows[0].analyzed)).toBe(3)
      }
      // The restored database takes the server's migrations and writes as before.
      await migrateToLatest(database.db, database.dialect)
      await database.db.transaction().execute((trx) =>
        new AuditLog(database.dialect, () => NOW).record(trx, { actor: null, action: 'backup.test', target: 'x', result: 'success', details: {} })
      )
      expect((await verifyAuditChain(database.db)).rows).toBe(original.audit_log.length + 1)
    } finally {
      await database.close()
    }
  })

  test('a place holding data is replaced only with --force, and never while the database is open', async () => {
    const target = await occupiedPlace()
    const before = await snapshotOf(target)
    await expect(restoreDatabase(target.target, backupFile, { force: false, dataKey })).rejects.toThrow('--force')
    const holder = target.open()
    // An open, idle connection, as the server's pool holds.
    await sql`select 1`.execute(holder.db)
    try {
      await expect(restoreDatabase(target.target, backupFile, { force: true, dataKey })).rejects.toThrow('停止服务')
    } finally {
      await holder.close()
    }
    expect(await snapshotOf(target)).toEqual(before)
    await restoreDatabase(target.target, backupFile, { force: true, dataKey })
    expect(await snapshotOf(target)).toEqual(original)
  })

  test.each([
    ['truncated to half', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['cut short by 1 KB', (bytes: Buffer) => bytes.subarray(0, bytes.length - 1024)],
    ['not a backup at all', () => Buffer.from('这不是备份文件\n'.repeat(100))]
  ])('a backup %s fails clearly and leaves the place unchanged', async (_name, damage) => {
    const target = await occupiedPlace()
    const before = await snapshotOf(target)
    const file = path.join(root, `damaged-${crypto.randomUUID()}`)
    fs.writeFileSync(file, damage(fs.readFileSync(backupFile)))
    const failure = restoreDatabase(target.target, file, { force: true, dataKey })
    await expect(failure).rejects.toBeInstanceOf(BackupError)
    await expect(failure).rejects.toThrow(/损坏|不是/)
    expect(await snapshotOf(target)).toEqual(before)
    if (dialect === 'sqlite') expect(fs.readdirSync(target.target.dataDir).sort()).toEqual([SQLITE_FILE])
  })

  test('a restore without the data key that encrypted the backup is refused', async () => {
    const [first, second] = [await place(), await place()]
    await expect(restoreDatabase(first.target, backupFile, { force: false, dataKey: null })).rejects.toThrow('需要原数据密钥')
    await expect(restoreDatabase(second.target, backupFile, { force: false, dataKey: crypto.randomBytes(32) })).rejects.toThrow('数据密钥与备份不符')
    // SQLite checks before the file takes its place: nothing was restored. (PostgreSQL checks after
    // pg_restore; the failure tells the operator not to use the database.)
    if (dialect === 'sqlite') for (const made of [first, second]) expect(fs.existsSync(path.join(made.target.dataDir, SQLITE_FILE))).toBe(false)
  })

  test('a backup whose audit log was tampered with is refused', async () => {
    if (dialect !== 'sqlite') return
    const file = path.join(root, 'tampered.sqlite')
    fs.copyFileSync(backupFile, file)
    const raw = new SQLite(file)
    raw.exec('drop trigger audit_log_no_update')
    raw.exec("update audit_log set action = 'case.delete' where seq = 1")
    raw.close()
    const target = await place()
    await expect(restoreDatabase(target.target, file, { force: false, dataKey })).rejects.toThrow('审计日志校验失败')
    expect(fs.existsSync(path.join(target.target.dataDir, SQLITE_FILE))).toBe(false)
  })

  test('a SQLite backup taken while another process keeps writing is a consistent snapshot', async () => {
    if (dialect !== 'sqlite') return
    // The server's stand-in: another process committing one row at a time into the live WAL database.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require(process.argv[1]))(process.argv[2]); db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000')
        const insert = db.prepare("insert into settings (key, value) values (?, 'x')"); let i = 0
        const step = () => { for (let k = 0; k < 20; k++) insert.run('w' + String(++i).padStart(8, '0')); if (i === 200) console.log('ready'); setImmediate(step) }
        process.on('SIGTERM', () => { console.log(i); db.close(); process.exit(0) }); step()`,
        require.resolve('better-sqlite3'),
        path.join(source.target.dataDir, SQLITE_FILE)
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let output = ''
    writer.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => writer.on('exit', resolve))
    try {
      await new Promise<void>((resolve) => writer.stdout.on('data', () => output.includes('ready') && resolve()))
      const file = path.join(root, 'while-writing.sqlite')
      await backupDatabase(source.target, file)
      writer.kill('SIGTERM')
      await exited
      const written = Number(output.trim().split('\n').pop())
      const copy = new SQLite(file, { readonly: true })
      const keys = (copy.prepare("select key from settings where key like 'w%' order by key").all() as Array<{ key: string }>).map((row) => row.key)
      copy.close()
      // Every committed row up to some point, none after it: no gap, no torn page.
      expect(keys.length).toBeGreaterThanOrEqual(200)
      expect(keys.length).toBeLessThanOrEqual(written)
      expect(keys).toEqual(keys.map((_key, index) => 'w' + String(index + 1).padStart(8, '0')))
      const target = await place()
      await expect(restoreDatabase(target.target, file, { force: false, dataKey })).resolves.toMatchObject({ audit: { ok: true } })
    } finally {
      writer.kill('SIGTERM')
      await exited
    }
  })

  test('a backup from a newer version is refused; one from an older version restores and names the migrations the server will run', async () => {
    if (dialect !== 'sqlite') return
    const edited = (name: string, statement: string) => {
      const file = path.join(root, name)
      fs.copyFileSync(backupFile, file)
      const raw = new SQLite(file)
      raw.exec(statement)
      raw.close()
      return file
    }
    const newer = edited('newer.sqlite', "insert into kysely_migration (name, timestamp) values ('999_future', '2030-01-01T00:00:00.000Z')")
    const target = await place()
    await expect(restoreDatabase(target.target, newer, { force: false, dataKey })).rejects.toThrow('999_future')
    expect(fs.existsSync(path.join(target.target.dataDir, SQLITE_FILE))).toBe(false)
    const older = edited('older.sqlite', "delete from kysely_migration where name = '014_staff_invite_codes'")
    await expect(restoreDatabase(target.target, older, { force: false, dataKey })).resolves.toMatchObject({ pendingMigrations: ['014_staff_invite_codes'] })
  })

  test('the PostgreSQL check of other sessions counts only this database', async () => {
    if (dialect !== 'postgres') return
    // A connection to another database (the test server's own) must not block a restore here.
    const other = new Pool({ connectionString: process.env.TEST_DATABASE_URL!, max: 1 })
    await other.query('select 1')
    try {
      const target = await place()
      await expect(restoreDatabase(target.target, backupFile, { force: false, dataKey })).resolves.toMatchObject({ audit: { ok: true } })
    } finally {
      await other.end()
    }
  })
})
