import crypto from 'node:crypto'
import type { Insertable, Kysely } from 'kysely'
import type { Database, MemberTable, NewHousehold, VisitTable } from '../server/src/db/schema'
import type { DialectName } from '../server/src/db/database'
import type { FieldCipher } from '../server/src/crypto/fieldCipher'
import { addressColumns } from '../server/src/modules/households/householdRepository'
import { phoneMaskHash, type MemberUpdate } from '../server/src/modules/households/memberRepository'
import { DemoRandom } from '../server/src/demo/random'
import { pickName, pickSurname } from '../server/src/demo/names'
import { MAX_MUTATIONS_PER_PUSH, type Mutation, type MutationOf, type MutationPayload, type MutationResult, type MutationType, type PushResponse } from '../src/core/mutations'
import type { VisitAction } from '../src/core/visit'
import { MUTATIONS_PER_TRANSACTION, pushMutations, type SyncDeps } from '../server/src/modules/sync/push'
import type { Actor } from '../server/src/modules/sync/appliers/context'
import { AuditLog } from '../server/src/modules/audit/auditLog'
import { UserRepository } from '../server/src/access/userRepository'
import { Scope } from '../server/src/access/scope'
import { benchDialects, countPostgresStatements, engineVersion, signedIn, startBenchServer, type BenchServer } from './lib/server'
import { fmt, fmtRatio, fmtSamples, log, markdownTable, samples, timed, type BenchSection, type Samples } from './lib/stats'

/**
 * Throughput of POST /api/v1/sync/push through the real app, against the floor of the same rows
 * written with plain Kysely, one transaction per mutation, measured alternately in the same run.
 *
 *   npx tsx bench/push.ts                 SQLite (temp file, the server's pragmas)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/push.ts   and PostgreSQL
 */

/** Households a grid worker records in a day offline: 6 mutations each, 240 in one push. */
export const HOUSEHOLDS_PER_PUSH = 40
export const MUTATIONS_PER_HOUSEHOLD = 6
/** Measured runs of every variant (after one warm-up round that is not counted). */
export const RUNS = 7
/**
 * Pairs (audited, unaudited) of the audit-cost measurement, back to back in alternating order. Its cost
 * is a few percent at most, well inside the noise of a shared machine between rounds, so the figure is
 * the median of each pair's own ratio: load that drifts between pairs cancels within a pair.
 */
export const AUDIT_PAIRS = 15

const VILLAGE = '141002103206' // 尧都区县底镇县底村 (real code)
const GRID_ID = 'b7d0c9a4-1f0e-4c47-8a5e-3b2f6d1c0e01'
const WORKER_ID = 'bench-worker'
const CLIENT_ID = 'c3a1f7e2-5b6d-4e8f-9a0b-1c2d3e4f5a6b'
const ACTIONS: VisitAction[] = ['cases_explained', 'materials_given', 'app_install_helped', 'alerts_enabled']
/** WeChat fails a request still running 5 s after the mini-program went to the background ("fail interrupted"). */
const WECHAT_BACKGROUND_MS = 5000
const WECHAT_NETWORK_DOC = 'https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html'

/** One household as recorded in the field: the household, three members with phones, one app status, one visit. */
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
      { sex: 'female', age: this.random.int(42, 68), relation: '配偶', inFamily: false },
      { sex: this.random.chance(0.5) ? 'male' : 'female', age: this.random.int(18, 40), relation: '子女', inFamily: true }
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

/** The rows the server ends up with for one mutation, precomputed (encryption included) before timing. */
type BaselineWrite =
  | { type: 'household.upsert'; row: NewHousehold }
  | { type: 'member.upsert'; row: Insertable<MemberTable> }
  | { type: 'member.app'; memberId: string; set: MemberUpdate }
  | { type: 'visit.record'; row: Insertable<VisitTable> }

function baselineWritesOf(households: ReadonlyArray<FieldHousehold>, cipher: FieldCipher): BaselineWrite[] {
  const now = new Date().toISOString()
  const by = WORKER_ID
  const stamp = { created_at: now, created_by: by, updated_at: now, updated_by: by, deleted_at: null, deleted_by: null, version: 1 }
  return households.flatMap((h): BaselineWrite[] => [
    { type: 'household.upsert', row: { id: h.household.id, grid_id: GRID_ID, village_code: VILLAGE, ...addressColumns(h.household.address), note: null, ...stamp } },
    ...h.members.map(
      (m): BaselineWrite => ({
        type: 'member.upsert',
        row: {
          id: m.id,
          household_id: m.householdId,
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
          app_status: null,
          app_alerts_on: null,
          app_region: null,
          app_evidence: null,
          app_reason: null,
          app_recorded_by: null,
          app_updated_at: null,
          ...stamp
        }
      })
    ),
    {
      type: 'member.app',
      memberId: h.app.memberId,
      set: {
        app_status: h.app.status,
        app_alerts_on: 1,
        app_region: h.app.region ?? null,
        app_evidence: h.app.evidence,
        app_reason: null,
        app_recorded_by: by,
        app_updated_at: now,
        version: 2,
        updated_at: now,
        updated_by: by
      }
    },
    {
      type: 'visit.record',
      row: { id: h.visit.id, household_id: h.household.id, worker_id: by, kind: h.visit.kind, at: h.visit.at, actions: JSON.stringify(h.visit.actions), note: null, created_at: now }
    }
  ])
}

/**
 * The floor: each mutation's rows in their own transaction, with plain inserts (an update for the app
 * status). With `bookkeeping`, also the idempotency record and the change-log row the server writes.
 */
async function writeBaseline(db: Kysely<Database>, writes: ReadonlyArray<BaselineWrite>, bookkeeping: boolean): Promise<void> {
  const now = new Date().toISOString()
  for (const write of writes) {
    await db.transaction().execute(async (trx) => {
      let entityId: string
      switch (write.type) {
        case 'household.upsert':
          await trx.insertInto('households').values(write.row).execute()
          entityId = write.row.id
          break
        case 'member.upsert':
          await trx.insertInto('members').values(write.row).execute()
          entityId = write.row.id
          break
        case 'member.app':
          await trx.updateTable('members').set(write.set).where('id', '=', write.memberId).execute()
          entityId = write.memberId
          break
        case 'visit.record':
          await trx.insertInto('visits').values(write.row).execute()
          entityId = write.row.id
          break
      }
      if (!bookkeeping) return
      const mutationId = crypto.randomUUID()
      const result: MutationResult = { id: mutationId, status: 'applied' }
      await trx
        .insertInto('mutations')
        .values({ id: mutationId, client_id: CLIENT_ID, user_id: WORKER_ID, type: write.type, status: 'applied', result: JSON.stringify(result), received_at: now })
        .execute()
      await trx
        .insertInto('change_log')
        .values({ entity: write.type.split('.')[0], entity_id: entityId, grid_id: GRID_ID, village_code: VILLAGE, op: 'upsert', mutation_id: mutationId, at: now })
        .execute()
    })
  }
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
async function directPush(server: BenchServer, audit: boolean): Promise<(mutations: Mutation[]) => Promise<void>> {
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

/** The audit-cost pairs (after one unrecorded warm-up pair); which variant goes first alternates. */
async function measureAuditCost(
  server: BenchServer,
  work: FieldWork,
  rate: (ms: number) => number
): Promise<Pick<PushFigures, 'audited' | 'unaudited' | 'auditCost' | 'auditCpuCost' | 'auditStatements'>> {
  const withAudit = await directPush(server, true)
  const withoutAudit = await directPush(server, false)
  const audited: number[] = []
  const unaudited: number[] = []
  const cost: number[] = []
  const cpuCost: number[] = []
  for (let pair = 0; pair <= AUDIT_PAIRS; pair++) {
    // Wall time (as a rate) and this process's CPU time, which other work on the machine barely moves.
    const timeOf = async (push: (mutations: Mutation[]) => Promise<void>) => {
      const mutations = mutationsOf(work.households(HOUSEHOLDS_PER_PUSH))
      const cpu = process.cpuUsage()
      const { ms } = await timed(() => push(mutations))
      const used = process.cpuUsage(cpu)
      return { rate: rate(ms), cpu: used.user + used.system }
    }
    let a: { rate: number; cpu: number }
    let u: { rate: number; cpu: number }
    if (pair % 2 === 0) {
      a = await timeOf(withAudit)
      u = await timeOf(withoutAudit)
    } else {
      u = await timeOf(withoutAudit)
      a = await timeOf(withAudit)
    }
    if (pair === 0) continue
    audited.push(a.rate)
    unaudited.push(u.rate)
    cost.push((1 - a.rate / u.rate) * 100)
    cpuCost.push((a.cpu / u.cpu - 1) * 100)
  }
  // Statements do not vary with load: the audit's share of them is its cost on PostgreSQL, noise aside.
  const statementsOf = async (push: (mutations: Mutation[]) => Promise<void>) =>
    (await countPostgresStatements(() => push(mutationsOf(work.households(HOUSEHOLDS_PER_PUSH))))).statements
  const auditStatements = server.dialect === 'postgres' ? { audited: await statementsOf(withAudit), unaudited: await statementsOf(withoutAudit) } : null
  return { audited: samples(audited), unaudited: samples(unaudited), auditCost: samples(cost), auditCpuCost: samples(cpuCost), auditStatements }
}

export interface PushFigures {
  dialect: DialectName
  engine: string
  /** mutations per second */
  ours: Samples
  /** pushMutations called directly, with its audit rows and without (bench only), in pairs */
  audited: Samples
  unaudited: Samples
  /** Per pair: 1 − audited rate / unaudited rate. */
  auditCost: Samples
  /** Per pair: the audited push's CPU time of this process over the unaudited one's, − 1 (SQLite's work is all in-process). */
  auditCpuCost: Samples
  /** PostgreSQL only: statements of one push of HOUSEHOLDS_PER_PUSH households, with and without its audit rows. */
  auditStatements: { audited: number; unaudited: number } | null
  replay: Samples
  baseline: Samples
  baselineEntityOnly: Samples
  /** ms per push request of HOUSEHOLDS_PER_PUSH households */
  pushMs: Samples
  /** Bytes of one push body of HOUSEHOLDS_PER_PUSH households. */
  bodyBytes: number
  /** PostgreSQL only: statements (round trips) the server sends for one such push. */
  statements: number | null
}

export async function measurePush(dialect: DialectName): Promise<PushFigures> {
  const server = await startBenchServer(dialect)
  try {
    const db = server.database.db
    await db.insertInto('grids').values({ id: GRID_ID, name: '第一网格', village_code: VILLAGE, created_at: new Date().toISOString() }).execute()
    const auth = await signedIn(server, { id: WORKER_ID, name: '张晓燕', role: 'grid_worker', scopeRegionCode: VILLAGE, gridIds: [GRID_ID] })
    const work = new FieldWork()
    const count = HOUSEHOLDS_PER_PUSH * MUTATIONS_PER_HOUSEHOLD
    const rate = (ms: number) => (count / ms) * 1000
    const ours: number[] = []
    const replay: number[] = []
    const baseline: number[] = []
    const entityOnly: number[] = []
    const pushMs: number[] = []
    let bodyBytes = 0
    // Round 0 warms up JIT, statement caches and the file; the variants alternate so drift hits all alike.
    for (let round = 0; round <= RUNS; round++) {
      const body = JSON.stringify({ clientId: CLIENT_ID, mutations: mutationsOf(work.households(HOUSEHOLDS_PER_PUSH)) })
      bodyBytes = Buffer.byteLength(body)
      const first = await timed(() => pushBody(server, auth, body, 'applied'))
      const again = await timed(() => pushBody(server, auth, body, 'duplicate'))
      const full = baselineWritesOf(work.households(HOUSEHOLDS_PER_PUSH), server.cipher)
      const floor = await timed(() => writeBaseline(db, full, true))
      const bare = baselineWritesOf(work.households(HOUSEHOLDS_PER_PUSH), server.cipher)
      const floorBare = await timed(() => writeBaseline(db, bare, false))
      if (round === 0) continue
      ours.push(rate(first.ms))
      pushMs.push(first.ms)
      replay.push(rate(again.ms))
      baseline.push(rate(floor.ms))
      entityOnly.push(rate(floorBare.ms))
    }
    const audit = await measureAuditCost(server, work, rate)
    // One more push, untimed, to count the statements it sends to PostgreSQL.
    const counted =
      dialect === 'postgres'
        ? await countPostgresStatements(() =>
            pushBody(server, auth, JSON.stringify({ clientId: CLIENT_ID, mutations: mutationsOf(work.households(HOUSEHOLDS_PER_PUSH)) }), 'applied')
          )
        : null
    return {
      dialect,
      engine: await engineVersion(server),
      ours: samples(ours),
      ...audit,
      replay: samples(replay),
      baseline: samples(baseline),
      baselineEntityOnly: samples(entityOnly),
      pushMs: samples(pushMs),
      bodyBytes,
      statements: counted?.statements ?? null
    }
  } finally {
    await server.close()
  }
}

function fmtMs(value: number): string {
  return value.toFixed(2)
}

export function pushMarkdown(figures: ReadonlyArray<PushFigures>): string {
  const count = HOUSEHOLDS_PER_PUSH * MUTATIONS_PER_HOUSEHOLD
  const rows = figures.flatMap((f) => {
    const ratio = (s: Samples) => fmtRatio(s.median / f.baseline.median)
    return [
      [f.dialect, '**push, new records** (ours)', fmtSamples(f.ours), ratio(f.ours)],
      [f.dialect, 'push again, all duplicates (ours)', fmtSamples(f.replay), ratio(f.replay)],
      [f.dialect, 'baseline: same rows + mutation record + change log, 1 transaction each', fmtSamples(f.baseline), '1.00×'],
      [f.dialect, 'floor: entity rows only, 1 transaction each', fmtSamples(f.baselineEntityOnly), ratio(f.baselineEntityOnly)]
    ]
  })
  const full = MAX_MUTATIONS_PER_PUSH
  const projectedMs = (f: PushFigures) => (full / f.ours.median) * 1000
  const latency = figures.map((f) => [
    f.dialect,
    fmtSamples(f.pushMs),
    fmt(projectedMs(f)),
    f.statements === null ? '— (in-process)' : `${fmt(f.statements)} (${fmt(f.statements / count, 1)} per mutation)`,
    f.engine
  ])
  const wechat = figures.flatMap((f) => {
    if (f.statements === null) return []
    const trips = (f.statements / count) * full
    const slackMs = WECHAT_BACKGROUND_MS - projectedMs(f)
    return [
      `- ${f.dialect}: WeChat fails a request still unanswered ${WECHAT_BACKGROUND_MS / 1000} s after the mini-program goes to the background ([network](${WECHAT_NETWORK_DOC})). ` +
        `A full ${full}-mutation push takes ~${fmt(projectedMs(f))} ms here with PostgreSQL on loopback and sends ~${fmt(trips)} statements one after another, ` +
        (slackMs > 0
          ? `so with PostgreSQL on another host every 0.1 ms of round trip adds ~${fmt(trips / 10)} ms: beyond ~${fmt(slackMs / trips, 2)} ms of round trip (more than loopback's) the push alone passes ${WECHAT_BACKGROUND_MS / 1000} s, before the phone's upload of ~${fmt(((f.bodyBytes / count) * full) / 1024)} KB.`
          : `already past ${WECHAT_BACKGROUND_MS / 1000} s on loopback.`)
    ]
  })
  return [
    `Each push carries ${HOUSEHOLDS_PER_PUSH} households × ${MUTATIONS_PER_HOUSEHOLD} mutations = ${count} mutations`,
    '(household.upsert, 3 × member.upsert with a phone number, member.app, visit.record), as a grid worker',
    'sends after a day offline. Every run uses new UUIDs; the replay run sends the same body again and must',
    `get \`duplicate\` for all ${count}. Median of ${RUNS} runs after one warm-up round, all variants alternating`,
    'in one process on one database file. Ratio = median / median of the baseline (higher is faster).',
    '',
    markdownTable(['db', 'variant', 'mutations/s median (min–max)', 'ratio to baseline'], rows),
    '',
    ...figures.map((f) => {
      const extra = 1000 / f.ours.median - 1000 / f.baseline.median
      return (
        `- ${f.dialect}: the floor spends ${fmtMs(1000 / f.baselineEntityOnly.median)} ms per mutation, about the price of one durable commit here; ours spends ` +
        `${fmtMs(1000 / f.ours.median)} ms, ${fmtMs(Math.abs(extra))} ms ${extra >= 0 ? 'more' : 'less'} than the same rows written plainly one transaction each ` +
        `(ours adds validation, scope and existence reads, a savepoint per mutation and an audit row${f.dialect === 'postgres' ? ', a round trip per statement' : ''}, ` +
        `and saves all but one commit of every ${MUTATIONS_PER_TRANSACTION}). The slower the disk's fsync, the more the saved commits weigh.`
      )
    }),
    '',
    markdownTable(
      ['db', `ms per push of ${count} (min–max)`, `projected ms for a full ${full}-mutation push`, `statements to the database per push of ${count}`, 'engine'],
      latency
    ),
    ...(wechat.length > 0 ? ['', ...wechat] : []),
    '',
    '### What the audit log costs a push',
    '',
    `The same push called directly (no HTTP), ${count} mutations in transactions of ${MUTATIONS_PER_TRANSACTION}, each with`,
    'one `sync.push` audit row (advisory lock on PostgreSQL, read of the chain head, insert), against the same',
    'push with the audit row left out — a switch of the benchmark only, the server always audits. Alternating,',
    `${AUDIT_PAIRS} pairs back to back (order alternating) after a warm-up pair. Cost = median over the pairs of`,
    '1 − audited / unaudited within the pair (issue #10: at most 10 %); a negative figure is noise. Wall time on a',
    'shared machine swings far more than the audit costs, so two steadier measures stand beside it: the CPU time',
    'of the process (all of SQLite\'s work; on PostgreSQL only the client side) and the statements sent to PostgreSQL.',
    '',
    markdownTable(
      ['db', 'audited mutations/s median (min–max)', 'unaudited mutations/s median (min–max)', 'wall-time cost, median of pairs (min–max) %', 'CPU-time cost of the server process, median of pairs (min–max) %', `statements per push of ${count}, audited vs not`],
      figures.map((f) => [
        f.dialect,
        fmtSamples(f.audited),
        fmtSamples(f.unaudited),
        `${fmt(f.auditCost.median, 1)} (${fmt(f.auditCost.min, 1)}–${fmt(f.auditCost.max, 1)})`,
        `${fmt(f.auditCpuCost.median, 1)} (${fmt(f.auditCpuCost.min, 1)}–${fmt(f.auditCpuCost.max, 1)})`,
        f.auditStatements
          ? `${fmt(f.auditStatements.audited)} vs ${fmt(f.auditStatements.unaudited)} (+${fmt(((f.auditStatements.audited - f.auditStatements.unaudited) / f.auditStatements.unaudited) * 100, 1)} %)`
          : '— (in-process)'
      ])
    )
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  const figures: PushFigures[] = []
  for (const dialect of benchDialects()) {
    log(`push: ${dialect}…`)
    figures.push(await measurePush(dialect))
  }
  return { title: 'Sync push throughput', markdown: pushMarkdown(figures), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) {
  run()
    .then((section) => {
      console.log(`## ${section.title}\n\n${section.markdown}\n\n(${section.seconds.toFixed(1)} s)`)
    })
    .catch((error) => {
      console.error(error)
      process.exitCode = 1
    })
}
