import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as push from './push'
import * as dashboard from './dashboard'
import * as size from './size'
import * as precache from './precache'
import * as householdList from './householdList'
import * as http from './http'
import * as backup from './backup'
import * as city from './city'
import { benchTmpRoot } from './lib/server'
import { log, type BenchSection } from './lib/stats'

/**
 * Runs every benchmark in one process, one after another, and writes docs/benchmarks.md.
 *
 *   npx tsx bench/all.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/all.ts   (adds PostgreSQL)
 *   BENCH_CITY=1 npx tsx bench/all.ts   (adds the city, bench/city.ts: minutes with a loaded city, a first load much longer)
 *
 * Everything runs in-process over `app.inject` (no sockets); every loop is bounded.
 */

const OUTPUT = path.resolve(__dirname, '../docs/benchmarks.md')

/** The filesystem the SQLite file lives on: fsync cost, and so write throughput, depends on it. */
function filesystemOf(dir: string): string {
  try {
    const mounts = fs
      .readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter((parts) => parts.length > 2 && (dir === parts[1] || dir.startsWith(parts[1] === '/' ? '/' : `${parts[1]}/`)))
      .sort((a, b) => b[1].length - a[1].length)
    return mounts[0] ? `${mounts[0][2]} (${mounts[0][0]} on ${mounts[0][1]})` : 'unknown'
  } catch {
    return 'unknown'
  }
}

function postgresTarget(): string {
  const raw = process.env.BENCH_DATABASE_URL
  if (!raw) return 'not measured (BENCH_DATABASE_URL unset)'
  const url = new URL(raw)
  return `${url.hostname}:${url.port || 5432}${url.pathname}, a fresh schema per benchmark, dropped afterwards`
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')
}

function machine(loadAtStart: string): string[] {
  const cpus = os.cpus()
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${os.availableParallelism()} cores available (\`nproc\`), ${cpus[0]?.model ?? 'unknown'}; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `- Node ${process.version} on ${os.type()} ${os.release()} (${os.arch()})`,
    `- SQLite file in ${benchTmpRoot()}: ${filesystemOf(benchTmpRoot())}`,
    `- PostgreSQL: ${postgresTarget()}`,
    `- Load average (1 / 5 / 15 min) at start ${loadAtStart}, at end ${loadAverage()}: other work on the machine shows up here and in the spreads`
  ]
}

const METHOD = [
  '- Every figure is a **ratio against a baseline measured in the same run, on the same machine and database**,',
  '  and every time is a **median** of several runs (min–max shown beside it): absolute numbers move from machine',
  '  to machine and run to run (fsync latency above all), the ratios much less.',
  '- The app is the real one: `buildApp` from `server/src/app.ts` with the migrations and the pragmas of',
  '  `openDatabase` (SQLite: WAL, `synchronous = FULL`, foreign keys), signed-in sessions, schema validation and',
  '  serialization. Requests go through `app.inject`, in-process: those figures **exclude the network** (no socket,',
  '  no HTTP parsing by the kernel). The HTTP throughput section is the exception: real loopback sockets, load from',
  '  autocannon in its own process (on a 2-core machine the client takes one of the cores).',
  '  The H5 household list section is the other: Chromium loads the production H5 build from the real app on loopback.',
  '- Baselines are the least work that gives the same result: the same final rows inserted raw (plain Kysely,',
  '  one transaction, one multi-row insert per table) for writes; one hand-written SQL statement for reads.',
  '  Ours / baseline says what the app adds on top.',
  '- Benchmarks are never timed unit tests: nothing here fails on a slow machine; it fails only when an answer is',
  '  wrong (every push result, every dashboard total and page size is checked while being timed).'
]

const REPRODUCE = [
  '```sh',
  'npx tsx bench/all.ts                       # everything, writes this file (long: several sections take minutes each)',
  'npx tsx bench/push.ts                      # one section, printed only',
  'npx tsx bench/dashboard.ts',
  'npx tsx bench/http.ts                      # autocannon, 50 connections, 20 s × 3 variants × 5 runs per database',
  'npx tsx bench/backup.ts                    # backup and restore of a county (a few minutes)',
  'npx tsx bench/cityData.ts                  # generate the city (1.3 million households) into /tmp/wuzha-city, or reuse it',
  'npx tsx bench/city.ts                      # the city: dashboards, 20 concurrent officials, backup/restore, server RSS',
  'BENCH_CITY=1 npx tsx bench/all.ts          # everything with the city section (long: the city alone takes many minutes)',
  'npx tsx bench/size.ts                      # needs a build: npm run build:weapp',
  'npx tsx bench/precache.ts                  # needs a build: npm run build:h5',
  'npx tsx bench/householdList.ts             # Chromium on the build in dist/h5 (npm run build:h5)',
  'BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/all.ts   # adds PostgreSQL',
  'BENCH_TMPDIR=/var/tmp npx tsx bench/all.ts  # put the SQLite file on another disk',
  '```'
]

export async function main(): Promise<void> {
  const started = Date.now()
  const loadAtStart = loadAverage()
  const sections: BenchSection[] = []
  // The city takes minutes even with its database already loaded (tens of minutes to load it): asked for apart.
  const withCity = process.env.BENCH_CITY === '1'
  for (const bench of [size, precache, push, dashboard, http, householdList, ...(withCity ? [city] : []), backup]) {
    const section = await bench.run()
    log(`${section.title}: ${section.seconds.toFixed(1)} s`)
    sections.push(section)
    // Written after every section: a run that fails late (tens of minutes in) keeps what it measured.
    writeDocument(sections, loadAtStart, (Date.now() - started) / 1000)
  }
  log(`wrote ${path.relative(process.cwd(), OUTPUT)} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

function writeDocument(sections: ReadonlyArray<BenchSection>, loadAtStart: string, seconds: number): void {
  const document = [
    '# Benchmarks',
    '',
    `Generated by \`npx tsx bench/all.ts\` (total ${seconds.toFixed(0)} s); do not edit by hand, run it again.`,
    '',
    '## Machine',
    '',
    ...machine(loadAtStart),
    '',
    '## Method',
    '',
    ...METHOD,
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', section.markdown, '', `_(${section.seconds.toFixed(1)} s)_`, '']),
    '## How to reproduce',
    '',
    ...REPRODUCE,
    ''
  ].join('\n')
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true })
  fs.writeFileSync(OUTPUT, document)
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
