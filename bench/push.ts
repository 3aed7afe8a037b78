import crypto from 'node:crypto'
import { Client } from 'pg'
import type { Insertable, Kysely } from 'kysely'
import type { ChangeLogTable, Database, HouseholdTable, MemberTable, MutationTable, VisitTable } from '../server/src/db/schema'
import type { DialectName } from '../server/src/db/database'
import type { FieldCipher } from '../server/src/crypto/fieldCipher'
import { chunkSize, chunks } from '../server/src/db/chunks'
import { addressColumns } from '../server/src/modules/households/householdRepository'
import { phoneMaskHash } from '../server/src/modules/households/memberRepository'
import { DemoRandom } from '../server/src/demo/random'
import { pickName, pickSurname } from '../server/src/demo/names'
import { MAX_MUTATIONS_PER_PUSH, type Mutation, type MutationOf, type MutationPayload, type MutationResult, type MutationType, type PushResponse } from '../src/core/mutations'
import type { VisitAction } from '../src/core/visit'
import { countyCodeOf } from '../src/core/regions'
import { pushMutations, type SyncDeps } from '../server/src/modules/sync/push'
import type { Actor } from '../server/src/modules/sync/appliers/context'
import { AuditLog } from '../server/src/modules/audit/auditLog'
import { UserRepository } from '../server/src/access/userRepository'
import { Scope } from '../server/src/access/scope'
import { benchDialects, countPostgresStatements, engineVersion, signedIn, startBenchServer, type BenchServer } from './lib/server'
import { startDelayProxy, type DelayProxy } from './lib/delayProxy'
import { fmt, fmtRatio, fmtSamples, log, markdownTable, median, samples, timed, type BenchSection, type Samples, printSection } from './lib/stats'

/**
 * A full push (issue #10 point 3): MAX_MUTATIONS_PER_PUSH mutations in one POST /api/v1/sync/push through
 * the real app, against the floor of the same final rows inserted raw through the same driver (one
 * transaction, one multi-row insert per table), measured alternately in the same run; on SQLite, on
 * PostgreSQL on loopback and on PostgreSQL behind a proxy that adds a round-trip delay (another host).
 *
 *   npx tsx bench/push.ts                 SQLite (temp file, the server's pragmas)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/push.ts   and PostgreSQL, direct and delayed
 */

/** A full push: the most mutations a request takes, as households of 5 mutations each. */
export const MUTATIONS_PER_HOUSEHOLD = 5
export const HOUSEHOLDS_PER_PUSH = MAX_MUTATIONS_PER_PUSH / MUTATIONS_PER_HOUSEHOLD
/** Measured runs of every variant (after one warm-up round that is not counted). */
export const RUNS = 11
/**
 * Pairs (audited, unaudited) of the audit-cost measurement, back to back in alternating order. Its cost
 * is a few percent at most, well inside the noise of a shared machine between rounds, so the figure is
 * the median of each pair's own ratio: load that drifts between pairs cancels within a pair.
 */
export const AUDIT_PAIRS = 41
/** The delay the proxy holds each chunk bound for PostgreSQL (none on the way back): added round trip. */
export const ADDED_ROUND_TRIP_MS = 1
/** Issue #10 point 3's targets. */
const TARGET_MS = 1000
const TARGET_RATIO = 3
const TARGET_STATEMENTS_PER_MUTATION = 3
const TARGET_AUDIT_COST = 10

const VILLAGE = '141002103206' // 尧都区县底镇县底村 (real code)
const GRID_ID = 'b7d0c9a4-1f0e-4c47-8a5e-3b2f6d1c0e01'
const WORKER_ID = 'bench-worker'
const CLIENT_ID = 'c3a1f7e2-5b6d-4e8f-9a0b-1c2d3e4f5a6b'
const ACTIONS: VisitAction[] = ['cases_explained', 'materials_given', 'app_install_helped', 'alerts_enabled']
/** WeChat fails a request still running 5 s after the mini-program went to the background ("fail interrupted"). */
const WECHAT_BACKGROUND_MS = 5000
const WECHAT_NETWORK_DOC = 'https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html'

/** One household as recorded in the field: the household, two members with phones, one app status, one visit. */
interface FieldHousehold {
  household: MutationPayload<'household.upsert'>
  members: Array<MutationPayload<'member.upsert'>>
  app: MutationPayload<'member.app'>
  visit: MutationPayload<'visit.record'>
}

/** Realistic synthetic households (names by birth cohort, valid unique mobile numbers). */
class FieldWork {
  private readonly random = new DemoRandom(0x6265_6e63)
  private phone = 0
  private door = 0

  households(count: number): FieldHousehold[] {
    return Array.from({ length: count }, () => this.household())
  }

  private household(): FieldHousehold {
    const id = crypto.randomUUID()
    const year = new Date().getFullYear()
    const surname = pickSurname(this.random)
    const taken = new Set<string>()
    this.door += 1
    const people: Array<{ sex: 'male' | 'female'; age: number; relation: string; inFamily: boolean }> = [
      { sex: 'male', age: this.random.int(45, 70), relation: '户主', inFamily: true },
      { sex: 'female', age: this.random.int(42, 68), relation: '配偶', inFamily: false }
    ]
    const members = people.map((person, index): MutationPayload<'member.upsert'> => {
      const birthYear = year - person.age
      const name = pickName(this.random, person.inFamily ? surname : pickSurname(this.random, surname), person.sex, birthYear, taken)
      return {
        id: crypto.randomUUID(),
        householdId: id,
        name,
        gender: person.sex,
        birthYear,
        phone: `139${String(++this.phone).padStart(8, '0')}`,
        relation: person.relation,
        smartphone: 'yes',
        away: null,
        tags: [],
        isHead: index === 0
      }
    })
    const at = new Date().toISOString()
    return {
      household: { id, gridId: GRID_ID, address: { group: `${1 + (this.door % 6)}组`, door: String(this.door) } },
      members,
      app: { memberId: members[0].id, status: 'registered', alertsOn: true, region: VILLAGE, evidence: 'in_person' },
      visit: { id: crypto.randomUUID(), householdId: id, kind: 'in_person', at, actions: this.random.sample(ACTIONS, 2) }
    }
  }
}

function envelope<T extends MutationType>(type: T, payload: MutationPayload<T>): MutationOf<T> {
  return { id: crypto.randomUUID(), type, payload, at: new Date().toISOString() }
}

function mutationsOf(households: ReadonlyArray<FieldHousehold>): Mutation[] {
  return households.flatMap((h) => [
    envelope('household.upsert', h.household),
    ...h.members.map((m) => envelope('member.upsert', m)),
    envelope('member.app', h.app),
    envelope('visit.record', h.visit)
  ])
}


/** The rows a full push leaves, precomputed (encryption included) before timing: the floor's input. */
interface FloorRows {
  households: Array<Insertable<HouseholdTable>>
  members: Array<Insertable<MemberTable>>
  visits: Array<Insertable<VisitTable>>
  mutations: Array<Insertable<MutationTable>>
  changeLog: Array<Insertable<ChangeLogTable>>
}

/** The final rows of these households' mutations as the push writes them: the members with their app status set. */
function floorRowsOf(households: ReadonlyArray<FieldHousehold>, cipher: FieldCipher): FloorRows {
  const now = new Date().toISOString()
  const by = WORKER_ID
  const stamp = { created_at: now, created_by: by, updated_at: now, updated_by: by, deleted_at: null, deleted_by: null }
  const rows: FloorRows = { households: [], members: [], visits: [], mutations: [], changeLog: [] }
  const county = countyCodeOf(VILLAGE)
  const record = (type: MutationType, entity: string, entityId: string) => {
    const id = crypto.randomUUID()
    const result: MutationResult = { id, status: 'applied' }
    rows.mutations.push({ id, client_id: CLIENT_ID, user_id: WORKER_ID, county_code: county, type, status: 'applied', result: JSON.stringify(result), received_at: now })
    rows.changeLog.push({ entity, entity_id: entityId, grid_id: GRID_ID, village_code: VILLAGE, county_code: county, op: 'upsert', mutation_id: id, at: now })
  }
  for (const h of households) {
    rows.households.push({ id: h.household.id, grid_id: GRID_ID, village_code: VILLAGE, county_code: county, ...addressColumns(h.household.address), note: null, version: 1, ...stamp })
    record('household.upsert', 'household', h.household.id)
    for (const m of h.members) {
      const app = m.id === h.app.memberId
      rows.members.push({
        id: m.id,
        household_id: m.householdId,
        county_code: county,
        name: m.name,
        gender: m.gender ?? 'unknown',
        birth_year: m.birthYear ?? null,
        phone_enc: cipher.encrypt(m.phone!),
        phone_hash: cipher.hash(m.phone!),
        phone_mask_hash: phoneMaskHash(m.phone!, cipher),
        id_number_enc: null,
        id_number_hash: null,
        relation: m.relation ?? null,
        smartphone: m.smartphone,
        away_place: null,
        tags: '[]',
        is_head: m.isHead ? 1 : 0,
        app_status: app ? h.app.status : null,
        app_alerts_on: app ? 1 : null,
        app_region: app ? (h.app.region ?? null) : null,
        app_evidence: app ? h.app.evidence : null,
        app_reason: null,
        app_recorded_by: app ? by : null,
        app_updated_at: app ? now : null,
        version: app ? 2 : 1,
        ...stamp
      })
      record('member.upsert', 'member', m.id)
    }
    record('member.app', 'member', h.app.memberId)
    rows.visits.push({ id: h.visit.id, household_id: h.household.id, county_code: county, worker_id: by, kind: h.visit.kind, at: h.visit.at, actions: JSON.stringify(h.visit.actions), note: null, created_at: now })
    record('visit.record', 'visit', h.visit.id)
  }
  return rows
}

/** The floor: the same final rows in one transaction, one multi-row insert per table (more only past the parameter limit). */
async function writeFloor(db: Kysely<Database>, rows: FloorRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const insert = async <T extends 'households' | 'members' | 'visits' | 'mutations' | 'change_log'>(table: T, values: ReadonlyArray<Insertable<Database[T]>>) => {
      for (const part of chunks(values, chunkSize(Object.keys(values[0]).length))) await trx.insertInto(table).values(part).execute()
    }
    await insert('households', rows.households)
    await insert('members', rows.members)
    await insert('visits', rows.visits)
    await insert('mutations', rows.mutations)
    await insert('change_log', rows.changeLog)
  })
}

async function pushBody(server: BenchServer, auth: { authorization: string }, body: string, expect: MutationResult['status']): Promise<void> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/sync/push',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: body
  })
  if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}: ${response.body.slice(0, 300)}`)
  const { results } = response.json<PushResponse>()
  const wrong = results.find((result) => result.status !== expect)
  if (wrong) throw new Error(`expected every mutation ${expect}, got ${JSON.stringify(wrong)}`)
}

/** The push as the route runs it, called directly, with the real audit log or (bench only) with none. */
async function directPush(target: Target, audit: boolean): Promise<(mutations: Mutation[]) => Promise<void>> {
  const { server } = target
  const users = new UserRepository(server.database.db)
  const user = await users.toUser((await users.findRowById(WORKER_ID))!)
  const actor: Actor = { userId: WORKER_ID, role: 'grid_worker', scope: Scope.of(user) }
  const now = () => new Date()
  const deps: SyncDeps = {
    db: server.database.db,
    dialect: server.dialect,
    cipher: server.cipher,
    now,
    auditLog: audit ? new AuditLog(server.dialect, now) : { record: () => Promise.resolve() }
  }
  return async (mutations) => {
    const { results } = await pushMutations(deps, actor, { clientId: CLIENT_ID, mutations })
    const wrong = results.find((result) => result.status !== 'applied')
    if (wrong) throw new Error(`expected every mutation applied, got ${JSON.stringify(wrong)}`)
  }
}

/** Where the pushes go: a database, reached directly or through the delaying proxy. */
interface Target {
  label: string
  dialect: DialectName
  server: BenchServer
  auth: { authorization: string }
  work: FieldWork
  /** Measured added round trip of the proxy (median ms per `select 1`, minus direct), null when direct. */
  addedRoundTripMs: number | null
}

async function startTarget(label: string, dialect: DialectName, proxy: DelayProxy | null): Promise<Target> {
  const server = await startBenchServer(dialect, proxy ? { postgresVia: proxy } : {})
  await server.database.db.insertInto('grids').values({ id: GRID_ID, name: '第一网格', village_code: VILLAGE, created_at: new Date().toISOString() }).execute()
  const auth = await signedIn(server, { id: WORKER_ID, name: '张晓燕', role: 'grid_worker', scopeRegionCode: VILLAGE, gridIds: [GRID_ID] })
  return { label, dialect, server, auth, work: new FieldWork(), addedRoundTripMs: null }
}

/** Median ms of a `select 1` round trip on its own connection to this host and port. */
async function roundTripMs(url: string, hop: { host: string; port: number } | null): Promise<number> {
  const address = new URL(url)
  if (hop) {
    address.hostname = hop.host
    address.port = String(hop.port)
  }
  const client = new Client({ connectionString: address.toString() })
  await client.connect()
  try {
    const times: number[] = []
    for (let i = 0; i < 200; i++) times.push((await timed(() => client.query('select 1'))).ms)
    return median(times.slice(20))
  } finally {
    await client.end()
  }
}

export interface PushFigures {
  label: string
  dialect: DialectName
  engine: string
  addedRoundTripMs: number | null
  /** ms per full push through the route, new records */
  push: Samples
  /** ms per full push sent again: all duplicates */
  replay: Samples
  /** ms per raw insert of the same final rows */
  floor: Samples
  /** Per round: push ms / floor ms of the same round. */
  ratio: Samples
  /** PostgreSQL only: statements the server sends for one full push through the route (auth included). */
  statements: number | null
  /** pushMutations called directly, with its audit row and without (bench only), in pairs: ms each, and per pair audited / unaudited − 1 in %. */
  audited: Samples
  unaudited: Samples
  auditCost: Samples
  bodyBytes: number
}

/** Push, replay and floor of one round on one target; which of push and floor goes first alternates by round. */
async function measureRound(target: Target, round: number) {
  const { server, auth, work } = target
  const body = JSON.stringify({ clientId: CLIENT_ID, mutations: mutationsOf(work.households(HOUSEHOLDS_PER_PUSH)) })
  const rows = floorRowsOf(work.households(HOUSEHOLDS_PER_PUSH), server.cipher)
  const pushOnce = () => timed(() => pushBody(server, auth, body, 'applied'))
  const floorOnce = () => timed(() => writeFloor(server.database.db, rows))
  let push: number
  let floor: number
  if (round % 2 === 0) {
    push = (await pushOnce()).ms
    floor = (await floorOnce()).ms
  } else {
    floor = (await floorOnce()).ms
    push = (await pushOnce()).ms
  }
  const replay = (await timed(() => pushBody(server, auth, body, 'duplicate'))).ms
  return { push, floor, replay, bodyBytes: Buffer.byteLength(body) }
}

/** The audit-cost pairs (after one unrecorded warm-up pair); which variant goes first alternates. */
async function measureAuditCost(target: Target): Promise<Pick<PushFigures, 'audited' | 'unaudited' | 'auditCost'>> {
  const withAudit = await directPush(target, true)
  const withoutAudit = await directPush(target, false)
  const audited: number[] = []
  const unaudited: number[] = []
  const cost: number[] = []
  const timeOf = async (push: (mutations: Mutation[]) => Promise<void>) => {
    const mutations = mutationsOf(target.work.households(HOUSEHOLDS_PER_PUSH))
    return (await timed(() => push(mutations))).ms
  }
  for (let pair = 0; pair <= AUDIT_PAIRS; pair++) {
    let a: number
    let u: number
    if (pair % 2 === 0) {
      a = await timeOf(withAudit)
      u = await timeOf(withoutAudit)
    } else {
      u = await timeOf(withoutAudit)
      a = await timeOf(withAudit)
    }
    if (pair === 0) continue
    audited.push(a)
    unaudited.push(u)
    cost.push((a / u - 1) * 100)
  }
  return { audited: samples(audited), unaudited: samples(unaudited), auditCost: samples(cost) }
}

export async function measurePush(): Promise<PushFigures[]> {
  const proxy = process.env.BENCH_DATABASE_URL
    ? await startDelayProxy({ host: new URL(process.env.BENCH_DATABASE_URL).hostname, port: Number(new URL(process.env.BENCH_DATABASE_URL).port || 5432) }, ADDED_ROUND_TRIP_MS)
    : null
  const targets: Target[] = []
  try {
    for (const dialect of benchDialects()) targets.push(await startTarget(dialect, dialect, null))
    if (proxy) {
      const delayed = await startTarget(`postgres +${ADDED_ROUND_TRIP_MS} ms round trip`, 'postgres', proxy)
      const url = process.env.BENCH_DATABASE_URL!
      delayed.addedRoundTripMs = (await roundTripMs(url, proxy)) - (await roundTripMs(url, null))
      targets.push(delayed)
    }
    const measured = new Map(targets.map((target) => [target, { push: [] as number[], floor: [] as number[], replay: [] as number[], ratio: [] as number[], bodyBytes: 0 }]))
    // Round 0 warms up JIT, statement caches and files; the targets take turns within each round, so drift hits all alike.
    for (let round = 0; round <= RUNS; round++) {
      log(`push: round ${round} of ${RUNS}`)
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        const result = await measureRound(target, round)
        if (round === 0) continue
        const into = measured.get(target)!
        into.push.push(result.push)
        into.floor.push(result.floor)
        into.replay.push(result.replay)
        into.ratio.push(result.push / result.floor)
        into.bodyBytes = result.bodyBytes
      }
    }
    const figures: PushFigures[] = []
    for (const target of targets) {
      log(`push: audit pairs on ${target.label}`)
      const audit = await measureAuditCost(target)
      // One more push, untimed, to count the statements it sends to PostgreSQL.
      const counted =
        target.dialect === 'postgres'
          ? await countPostgresStatements(() =>
              pushBody(target.server, target.auth, JSON.stringify({ clientId: CLIENT_ID, mutations: mutationsOf(target.work.households(HOUSEHOLDS_PER_PUSH)) }), 'applied')
            )
          : null
      const m = measured.get(target)!
      figures.push({
        label: target.label,
        dialect: target.dialect,
        engine: await engineVersion(target.server),
        addedRoundTripMs: target.addedRoundTripMs,
        push: samples(m.push),
        replay: samples(m.replay),
        floor: samples(m.floor),
        ratio: samples(m.ratio),
        statements: counted?.statements ?? null,
        ...audit,
        bodyBytes: m.bodyBytes
      })
    }
    return figures
  } finally {
    for (const target of targets) await target.server.close()
    await proxy?.close()
  }
}

const verdict = (ok: boolean) => (ok ? 'met' : '**not met**')

export function pushMarkdown(figures: ReadonlyArray<PushFigures>): string {
  const full = MAX_MUTATIONS_PER_PUSH
  const delayed = figures.find((f) => f.addedRoundTripMs !== null)
  const rows = figures.map((f) => [
    f.label,
    fmtSamples(f.push),
    fmtSamples(f.floor),
    `${fmtRatio(f.ratio.median)} (${fmtRatio(f.ratio.min)}–${fmtRatio(f.ratio.max)})`,
    fmtSamples(f.replay),
    f.statements === null ? '— (in-process)' : `${fmt(f.statements)} (${fmt(f.statements / full, 2)} per mutation)`,
    f.engine
  ])
  const targets = figures.flatMap((f) => [
    `- ${f.label}: ${fmt(f.push.median)} ms a push${f === delayed ? ` (target ≤ ${TARGET_MS} ms: ${verdict(f.push.median <= TARGET_MS)})` : ''}, ` +
      `${fmtRatio(f.ratio.median)} the floor (target ≤ ${TARGET_RATIO}×: ${verdict(f.ratio.median <= TARGET_RATIO)})` +
      (f.statements === null ? '' : `, ${fmt(f.statements / full, 2)} statements per mutation (target ≤ ${TARGET_STATEMENTS_PER_MUTATION}: ${verdict(f.statements / full <= TARGET_STATEMENTS_PER_MUTATION)})`) +
      `; audit ${fmt(f.auditCost.median, 1)} % (target ≤ ${TARGET_AUDIT_COST} %: ${verdict(f.auditCost.median <= TARGET_AUDIT_COST)}).`
  ])
  return [
    `Each push is a full one: ${HOUSEHOLDS_PER_PUSH} households × ${MUTATIONS_PER_HOUSEHOLD} mutations = ${full} mutations (the most a request`,
    'takes): household.upsert, 2 × member.upsert with a phone number, member.app, visit.record, as a grid worker sends',
    'after a day offline, through the real route (`app.inject`: auth, schema validation, the push, its audit row).',
    'Every run uses new UUIDs; the replay sends the same body again and must get `duplicate` for all.',
    '',
    '- **Floor**: the same final rows (households, members with their app status, visits, the `mutations` records and',
    '  the `change_log` rows; encryption precomputed) inserted raw through the same driver (Kysely on better-sqlite3',
    '  or pg) in one transaction, one multi-row insert per table. Not in it: what the push reads, its tallies and its',
    '  audit row. Ratio = push ms / floor ms of the same round, median over the rounds (lower is better).',
    delayed
      ? `- **${delayed.label}**: PostgreSQL through a TCP proxy in the bench (bench/lib/delayProxy.ts, node:net) that holds every chunk ` +
        `bound for PostgreSQL ${ADDED_ROUND_TRIP_MS} ms and passes answers at once: ${ADDED_ROUND_TRIP_MS} ms more per round trip, as a database on ` +
        `another host. Measured: ${fmt(delayed.addedRoundTripMs!, 2)} ms added per \`select 1\` (median of 180; Node's timers add a little).`
      : '- PostgreSQL not measured (BENCH_DATABASE_URL unset).',
    `- Median of ${RUNS} rounds after a warm-up round (min–max beside it); in each round every target runs its push and its`,
    '  floor (which goes first alternates) and the targets take turns in alternating order.',
    '',
    markdownTable(
      ['target', `ms per push of ${full}`, 'ms floor', 'push / floor', 'ms replay (all duplicates)', `statements per push (PostgreSQL)`, 'engine'],
      rows
    ),
    '',
    '**Issue #10 point 3 and point 7, against this run:**',
    '',
    ...targets,
    '',
    ...figures.flatMap((f) =>
      f === delayed
        ? [
            `- WeChat fails a request still unanswered ${WECHAT_BACKGROUND_MS / 1000} s after the mini-program goes to the background ([network](${WECHAT_NETWORK_DOC})). ` +
              `A full push with PostgreSQL ${ADDED_ROUND_TRIP_MS} ms away takes ~${fmt(f.push.median)} ms here, before the phone's upload of ~${fmt(f.bodyBytes / 1024)} KB.`
          ]
        : []
    ),
    '',
    '### What the audit log costs a push',
    '',
    `The same ${full}-mutation push called directly (no HTTP, one transaction) with its one \`sync.push\` audit row (the records`,
    'its mutations changed, by type; on PostgreSQL the advisory lock and the read of the chain head in one statement, then the',
    'insert), against the same push with the audit row left out — a switch of the',
    `benchmark only, the server always audits. ${AUDIT_PAIRS} pairs back to back (order alternating) after a warm-up pair; cost = median`,
    'over the pairs of audited / unaudited − 1 within the pair (issue #10 point 7: at most 10 %); a negative figure is noise.',
    '',
    markdownTable(
      ['target', 'audited ms median (min–max)', 'unaudited ms median (min–max)', 'cost, median of pairs (min–max) %'],
      figures.map((f) => [
        f.label,
        fmtSamples(f.audited),
        fmtSamples(f.unaudited),
        `${fmt(f.auditCost.median, 1)} (${fmt(f.auditCost.min, 1)}–${fmt(f.auditCost.max, 1)})`
      ])
    )
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  const figures = await measurePush()
  return { title: 'Sync push throughput', markdown: pushMarkdown(figures), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)
