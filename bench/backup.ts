import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { SQLITE_FILE, openDatabase, type DatabaseHandle, type DialectName } from '../server/src/db/database'
import { migrateToLatest } from '../server/src/db/migrator'
import { importRegions } from '../server/src/regions/importRegions'
import { withinRegion } from '../server/src/db/regionRange'
import { AuditLog } from '../server/src/modules/audit/auditLog'
import { backupDatabase, restoreDatabase, type DatabaseTarget } from '../server/src/backup/backup'
// The tests' throwaway PostgreSQL database (pg_dump and pg_restore work on whole databases).
import { createPostgresDatabase } from '../test/server/harness'
import { benchDialects, benchTmpRoot } from './lib/server'
import { TownshipData, type GeneratedCounts } from './lib/township'
import { fmt, fmtAuto, fmtSamples, log, markdownTable, samples, timed, type BenchSection, type Samples, printSection } from './lib/stats'

/**
 * `npm run backup` and `npm run restore` on the biggest database the bench generates: the whole of
 * 尧都区 (340 real villages, ~120,000 households, ~366,000 members, their visits), written by the
 * dashboard bench's generator. Backups run against the live file (the online backup API, pg_dump);
 * each restore goes into a fresh place and includes its checks (SQLite integrity check, audit chain,
 * schema version), as the command runs them.
 *
 *   npx tsx bench/backup.ts            (BENCH_DATABASE_URL=… adds PostgreSQL)
 */

const CITY = '1410'
const COUNTY = '141002'
const COUNTY_HOUSEHOLDS = 120_000
const HOUSEHOLDS_PER_GRID = 350
const RUNS = 5
const AUDIT_ROWS = 1_000

interface Place {
  target: DatabaseTarget
  drop(): Promise<void>
}

async function newPlace(dialect: DialectName, root: string): Promise<Place> {
  const dataDir = fs.mkdtempSync(path.join(root, 'place-'))
  const pg = dialect === 'postgres' ? await createPostgresDatabase(process.env.BENCH_DATABASE_URL!) : null
  return {
    target: { databaseUrl: pg?.url ?? null, dataDir },
    async drop() {
      await pg?.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

interface BackupFigures {
  dialect: DialectName
  counts: GeneratedCounts
  auditRows: number
  databaseBytes: number
  backupBytes: number
  backup: Samples
  restore: Samples
}

async function databaseBytes(database: DatabaseHandle, target: DatabaseTarget): Promise<number> {
  if (database.dialect === 'sqlite') return fs.statSync(path.join(target.dataDir, SQLITE_FILE)).size
  const { rows } = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(database.db)
  return Number(rows[0].bytes)
}

async function householdsIn(target: DatabaseTarget): Promise<number> {
  const database = openDatabase(target)
  try {
    const row = await database.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => withinRegion(eb, 'village_code', COUNTY))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  } finally {
    await database.close()
  }
}

async function measure(dialect: DialectName): Promise<BackupFigures> {
  const root = fs.mkdtempSync(path.join(benchTmpRoot(), 'wuzha-bench-backup-'))
  const places: Place[] = []
  const place = async () => {
    const made = await newPlace(dialect, root)
    places.push(made)
    return made
  }
  try {
    const source = await place()
    const database = openDatabase(source.target)
    let counts: GeneratedCounts
    let bytes: number
    try {
      await migrateToLatest(database.db, database.dialect)
      await importRegions(database.db, CITY)
      const villages = (
        await database.db.selectFrom('regions').select('code').where('level', '=', 'village').where((eb) => withinRegion(eb, 'code', COUNTY)).orderBy('code').execute()
      ).map((row) => row.code)
      const grids = TownshipData.spread(villages, COUNTY_HOUSEHOLDS, HOUSEHOLDS_PER_GRID)
      const load = await timed(() => new TownshipData(database, 'bench-worker', 0x7a_0003).write(grids))
      counts = load.result
      log(`backup/${dialect}: ${fmt(counts.households)} households, ${fmt(counts.members)} members, ${fmt(counts.visits)} visits written in ${(load.ms / 1000).toFixed(1)} s`)
      // An audit trail for the restore's chain check to walk.
      const audit = new AuditLog(database.dialect, () => new Date())
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < AUDIT_ROWS; i++) await audit.record(trx, { actor: null, action: 'bench.backup', target: `n/${i}`, result: 'success', details: { i } })
      })
      if (dialect === 'postgres') await sql`analyze`.execute(database.db)
      bytes = await databaseBytes(database, source.target)
    } finally {
      await database.close()
    }

    const files: string[] = []
    const backups: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const file = path.join(root, `backup-${i}`)
      backups.push((await timed(() => backupDatabase(source.target, file))).ms)
      files.push(file)
      log(`backup/${dialect}: backup ${i + 1} in ${fmtAuto(backups[i])} ms`)
    }
    const restores: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const target = await place()
      const { ms, result } = await timed(() => restoreDatabase(target.target, files[i], { force: false, dataKey: null }))
      if (!result.audit.ok || result.audit.rows !== AUDIT_ROWS) throw new Error(`restore ${i}: audit chain ${JSON.stringify(result.audit)}`)
      const restored = await householdsIn(target.target)
      if (restored !== counts.households) throw new Error(`restore ${i}: ${restored} households, expected ${counts.households}`)
      restores.push(ms)
      log(`backup/${dialect}: restore ${i + 1} in ${fmtAuto(ms)} ms`)
      await target.drop()
      places.splice(places.indexOf(target), 1)
    }
    return {
      dialect,
      counts,
      auditRows: AUDIT_ROWS,
      databaseBytes: bytes,
      backupBytes: fs.statSync(files[0]).size,
      backup: samples(backups),
      restore: samples(restores)
    }
  } finally {
    for (const made of places) await made.drop()
    fs.rmSync(root, { recursive: true, force: true })
  }
}

const MB = 2 ** 20

function backupMarkdown(figures: ReadonlyArray<BackupFigures>): string {
  const rows = figures.map((f) => [
    f.dialect,
    `${fmt(f.counts.households)} / ${fmt(f.counts.members)} / ${fmt(f.counts.visits)}`,
    `${fmt(f.databaseBytes / MB, 1)} MB`,
    `${fmt(f.backupBytes / MB, 1)} MB`,
    fmtSamples(f.backup),
    fmtSamples(f.restore)
  ])
  return [
    `The whole of 尧都区 (340 villages) written by the dashboard bench's generator, plus ${fmt(AUDIT_ROWS)} audit rows; ` +
      `${RUNS} backups of it (\`backupDatabase\`, what \`npm run backup\` runs: SQLite's online backup API in one step and a quick check ` +
      'of the copy; PostgreSQL `pg_dump -Fc`), then each restored into a fresh place (`restoreDatabase`, what `npm run restore` ' +
      'runs, checks included: integrity check, schema version, audit chain; PostgreSQL `pg_restore --single-transaction` into a ' +
      'new database). Times in ms, median (min–max); every restore is checked to hold every household and a verifying chain.',
    '',
    markdownTable(['database', 'households / members / visits', 'database size', 'backup file', 'backup ms', 'restore ms'], rows),
    '',
    '- The generator stores no phone numbers (no read the bench measures decrypts them); a real roster with a phone for most',
    '  members carries about 200 more bytes per such member (ciphertext and two look-up hashes), so expect files and times',
    '  up to roughly a quarter larger.',
    '- A backup runs while the server keeps serving (SQLite: a reader; PostgreSQL: pg_dump takes a snapshot); a restore',
    '  needs the server stopped, so its time is downtime.'
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  const figures: BackupFigures[] = []
  for (const dialect of benchDialects()) {
    log(`backup: ${dialect}…`)
    figures.push(await measure(dialect))
  }
  return { title: 'Backup and restore of a county', markdown: backupMarkdown(figures), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)
