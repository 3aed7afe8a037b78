import crypto from 'node:crypto'
import fc from 'fast-check'
import { HOUSEHOLD_FILTERS, type HouseholdDetail, type HouseholdFilter, type HouseholdSummary, type User } from '../../src/core/api'
import { DECLARABLE_STATUSES } from '../../src/core/certification'
import { EMPTY_GRID } from '../../src/core/localCache'
import { currentQuarter, periodInstants } from '../../src/core/period'
import type { MutationInput } from '../../src/services/outbox'
import { databases, startServer, type TestDialect, type TestServer } from '../server/harness'
import { GRID_A, PASSWORD, USERS, seedWorld } from '../server/fixtures'
import { SimulatedPhone } from './device'

/**
 * What a grid worker's phone shows of the grid against what the server answers, for random sequences
 * of all seven mutation types a grid worker sends (household.move is the village admin's; its pulls on
 * both grids are in test/server/householdMove.test.ts) (edits after deletes, members moving between households, head changes,
 * visits on both sides of the quarter's edges, numbers sharing a mask, reviews of residents'
 * certifications submitted between rounds, of members since deleted or moved) sent through the app's real
 * outbox and grid cache (only WeChat's storage and network simulated) to the real server:
 *
 * - before the sync, the phone's optimistic view (its copy with the waiting changes on top) equals what
 *   the server answers once it has applied the same changes: what it accepts, and — since the phone's
 *   copy follows the server's refusals too — nothing of what it refuses;
 * - after the sync and a pull, and after the app is killed and started again, the phone's copy equals
 *   the server's answers.
 *
 * "What it shows" is the household list under every filter and several searches, and under random
 * sets of filters combined (with and without a search) — items, fields and order — as GET /households
 * pages it (the set sent comma-separated, in random order), and each household's page as GET /households/:id answers it.
 * HOUSEHOLD_VIEWS_RUNS sets the number of runs per database (default 40).
 */
const RUNS = Number(process.env.HOUSEHOLD_VIEWS_RUNS ?? 40)
const FILTERS: ReadonlyArray<HouseholdFilter | undefined> = [undefined, ...HOUSEHOLD_FILTERS]
/** Small pages, so the server's keyset paging takes part in every list. */
const PAGE = 3

// ---------------------------------------------------------------- what the worker does

/** Address parts around the orders that differ: pinyin vs code points, case, digits, outside the BMP. */
const addressArb = fc
  .record(
    {
      group: fc.constantFrom('一组', '三组', 'B组', 'a组', '𠀋组', '＃组'),
      building: fc.constantFrom('5', '12', '2', 'A栋'),
      door: fc.constantFrom('1', '2', '10', '301'),
      text: fc.constantFrom('村东头', '东头100%', 'Ann家', 'ann_x')
    },
    { requiredKeys: [] }
  )
  .filter((address) => Object.keys(address).length > 0)

const NAMES = ['王秀兰', '李强', '欧阳志明', '𠀋一', 'Ann', 'ann', '秀兰']
/** 13812341234 and 13899991234 share the mask 138****1234. */
const PHONES = ['13812341234', '13899991234', '15900000000', '']
const SEARCHES = ['秀兰', '王', 'Ann', 'an', '𠀋', '5栋', '三组', '12', ' 村东头 ', '100%', '_', '13812341234', '138 9999 1234', '+8615900000000', '138****1234']

type Edit =
  | { kind: 'household'; h: number; address: Record<string, string>; note?: string }
  | { kind: 'deleteHousehold'; h: number }
  | {
      kind: 'member'
      m: number
      h: number
      name: string
      smartphone: 'yes' | 'no' | 'unknown'
      birthYear?: number
      isHead?: boolean
      away?: { place: string } | null
      tags?: Array<'student' | 'accountant'>
      phone?: string
    }
  | { kind: 'deleteMember'; m: number }
  | {
      kind: 'app'
      m: number
      status: 'not_installed' | 'installed_unregistered' | 'registered' | 'refused'
      evidence: 'self_declared' | 'screenshot' | 'in_person'
      alertsOn?: boolean
      reason?: string
    }
  | { kind: 'visit'; v: number; h: number; at: number; kind_: 'in_person' | 'phone' }
  | { kind: 'review'; c: number; decision: 'accept' | 'reject' }

/** A resident's self-certification, submitted on the server between rounds for the member it names. */
interface Submission {
  m: number
  status: (typeof DECLARABLE_STATUSES)[number]
  alertsOn: boolean
}

const HOUSEHOLDS = 3
const MEMBERS = 5
const VISITS = 4
/** Offsets from the current quarter's start and end: just before, at, just after. */
const VISIT_TIMES = 8

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('household' as const), h: fc.nat(HOUSEHOLDS - 1), address: addressArb, note: fc.option(fc.constantFrom('', '老人在家'), { nil: undefined }) }, { requiredKeys: ['kind', 'h', 'address'] }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteHousehold' as const), h: fc.nat(HOUSEHOLDS - 1) }) },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        kind: fc.constant('member' as const),
        m: fc.nat(MEMBERS - 1),
        h: fc.nat(HOUSEHOLDS - 1),
        name: fc.constantFrom(...NAMES),
        smartphone: fc.constantFrom('yes' as const, 'yes' as const, 'no' as const, 'unknown' as const),
        birthYear: fc.constantFrom(1950, 1966, 1980, 2012),
        isHead: fc.boolean(),
        away: fc.constantFrom<{ place: string } | null>(null, { place: '太原' }),
        tags: fc.constantFrom<Array<'student' | 'accountant'>>([], ['student'], ['accountant', 'student']),
        phone: fc.constantFrom(...PHONES)
      },
      { requiredKeys: ['kind', 'm', 'h', 'name', 'smartphone'] }
    )
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMember' as const), m: fc.nat(MEMBERS - 1) }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('app' as const),
        m: fc.nat(MEMBERS - 1),
        status: fc.constantFrom('not_installed' as const, 'installed_unregistered' as const, 'registered' as const, 'registered' as const),
        evidence: fc.constantFrom('self_declared' as const, 'screenshot' as const, 'in_person' as const),
        alertsOn: fc.boolean(),
        reason: fc.constant('更正')
      },
      { requiredKeys: ['kind', 'm', 'status', 'evidence'] }
    )
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('visit' as const), v: fc.nat(VISITS - 1), h: fc.nat(HOUSEHOLDS - 1), at: fc.nat(VISIT_TIMES - 1), kind_: fc.constantFrom('in_person' as const, 'phone' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('review' as const), c: fc.nat(5), decision: fc.constantFrom('accept' as const, 'reject' as const) }) }
)

const submissionArb: fc.Arbitrary<Submission> = fc.record({
  m: fc.nat(MEMBERS - 1),
  status: fc.constantFrom(...DECLARABLE_STATUSES),
  alertsOn: fc.boolean()
})

/**
 * A run: a few rounds of edits made without signal, each followed by a sync, residents' certifications
 * submitted on the server, and a pull (so the next round's reviews meet them).
 */
const runArb = fc.record({
  rounds: fc.array(
    fc.record({ edits: fc.array(editArb, { minLength: 1, maxLength: 8 }), submissions: fc.array(submissionArb, { maxLength: 3 }) }),
    { minLength: 1, maxLength: 4 }
  ),
  searches: fc.shuffledSubarray(SEARCHES, { minLength: 2, maxLength: 4 }),
  filterSets: fc.array(fc.shuffledSubarray([...HOUSEHOLD_FILTERS], { minLength: 2 }), { minLength: 1, maxLength: 3 })
})

/** A list as the worker asks for it: the filters that must all hold, and a search. */
interface ListQuery {
  filters: HouseholdFilter[]
  q?: string
}

/** Each filter alone under every search, and each combined set alone and with the first search. */
function listQueries(searches: string[], filterSets: HouseholdFilter[][]): ListQuery[] {
  const single = FILTERS.flatMap((filter) => [undefined, ...searches].map((q) => ({ filters: filter ? [filter] : [], q })))
  const combined = filterSets.flatMap((filters) => [{ filters }, { filters, q: searches[0] }])
  return [...single, ...combined]
}

interface Ids {
  households: string[]
  members: string[]
  visits: string[]
  /** The certifications residents submitted so far in this run, as the server numbered them. */
  certifications: string[]
}

/** Visit times around the current quarter's edges (China time), as ISO strings with and without an offset. */
function visitTime(index: number, now: Date): string {
  const quarter = periodInstants(currentQuarter(now))
  const from = Date.parse(quarter.from)
  const to = Date.parse(quarter.to)
  const day = 24 * 3600 * 1000
  const instants = [from - 1, from, from + 3 * day, to - 1, to, to + 40 * day, from - 40 * day, from + 3 * day + 60_000]
  const at = new Date(instants[index])
  // Half of them written in China time, as a phone there would.
  return index % 2 === 0 ? at.toISOString() : chinaTime(at)
}

function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().replace('Z', '+08:00')
}

function toInput(edit: Edit, ids: Ids, now: Date): MutationInput {
  switch (edit.kind) {
    case 'household':
      return {
        type: 'household.upsert',
        payload: { id: ids.households[edit.h], gridId: GRID_A, address: edit.address, ...(edit.note !== undefined ? { note: edit.note } : {}) }
      }
    case 'deleteHousehold':
      return { type: 'household.delete', payload: { id: ids.households[edit.h] } }
    case 'member': {
      const { kind: _kind, m, h, ...fields } = edit
      return { type: 'member.upsert', payload: { id: ids.members[m], householdId: ids.households[h], ...fields } }
    }
    case 'deleteMember':
      return { type: 'member.delete', payload: { id: ids.members[edit.m] } }
    case 'app': {
      const { kind: _kind, m, ...fields } = edit
      return { type: 'member.app', payload: { memberId: ids.members[m], ...fields } }
    }
    case 'visit':
      return {
        type: 'visit.record',
        payload: { id: ids.visits[edit.v], householdId: ids.households[edit.h], kind: edit.kind_, at: visitTime(edit.at, now), actions: ['cases_explained'] }
      }
    case 'review': {
      // Before any submission a review names a certification nobody knows: both sides refuse it.
      const certificationId = ids.certifications.length > 0 ? ids.certifications[edit.c % ids.certifications.length] : crypto.randomUUID()
      return {
        type: 'certification.review',
        payload: { certificationId, decision: edit.decision, ...(edit.decision === 'reject' ? { reason: '截图看不清' } : {}) }
      }
    }
  }
}

/** Every run starts with its households and some members, so that later edits and deletes meet them. */
function opening(): Edit[] {
  return [
    { kind: 'household', h: 0, address: { group: '三组', building: '5', door: '301' } },
    { kind: 'household', h: 1, address: { group: '一组', door: '12' } },
    { kind: 'household', h: 2, address: { text: '村东头' } },
    { kind: 'member', m: 0, h: 0, name: '王秀兰', smartphone: 'yes', birthYear: 1980, isHead: true, phone: '13812341234' },
    { kind: 'member', m: 1, h: 0, name: '李强', smartphone: 'yes', birthYear: 1950 },
    { kind: 'member', m: 2, h: 1, name: '欧阳志明', smartphone: 'yes', birthYear: 1990, isHead: true }
  ]
}

// ---------------------------------------------------------------- what each side shows

type Views = Record<string, unknown>

/** The phone's household list under each query, and each household's page. */
function phoneViews(phone: SimulatedPhone, ids: Ids, queries: ListQuery[], optimistic: boolean): Views {
  const views: Views = {}
  for (const query of queries) views[listKey(query)] = phone.gridCache.listHouseholds(GRID_A, query)
  for (const id of ids.households) views[`household ${id}`] = comparableDetail(phone.gridCache.getHousehold(id), optimistic)
  return views
}

async function serverViews(server: TestServer, token: string, ids: Ids, queries: ListQuery[], optimistic: boolean): Promise<Views> {
  const views: Views = {}
  for (const query of queries) views[listKey(query)] = await serverList(server, token, query)
  for (const id of ids.households) {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: { authorization: `Bearer ${token}` } })
    if (response.statusCode !== 200 && response.statusCode !== 404) throw new Error(`GET household: ${response.statusCode} ${response.body}`)
    views[`household ${id}`] = comparableDetail(response.statusCode === 200 ? response.json() : null, optimistic)
  }
  return views
}

async function serverList(server: TestServer, token: string, { filters, q }: ListQuery): Promise<HouseholdSummary[]> {
  const items: HouseholdSummary[] = []
  let cursor: string | null = null
  do {
    const query = new URLSearchParams({ grid: GRID_A, limit: String(PAGE) })
    if (filters.length > 0) query.set('filter', filters.join(','))
    if (q) query.set('q', q)
    if (cursor) query.set('cursor', cursor)
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households?${query}`, headers: { authorization: `Bearer ${token}` } })
    if (response.statusCode !== 200) throw new Error(`GET households: ${response.statusCode} ${response.body}`)
    const page = response.json()
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

function listKey({ filters, q }: ListQuery): string {
  return `list filter=${filters.join(',') || '-'} q=${q === undefined ? '-' : JSON.stringify(q)}`
}

/**
 * A household page as the worker sees it. Before the sync, when the app status was recorded is the
 * phone's clock, not yet the server's.
 */
function comparableDetail(detail: HouseholdDetail | null, optimistic: boolean) {
  if (!detail || !optimistic) return detail
  return {
    ...detail,
    members: detail.members.map((member) => ({ ...member, app: member.app && { ...member.app, updatedAt: 'when recorded' } })),
    certifications: detail.certifications.map((certification) => ({ ...certification, decidedAt: certification.decidedAt && 'when decided' }))
  }
}

// ---------------------------------------------------------------- the run

describe.each(databases())('the phone shows the grid as the server does, on %s', (dialect: TestDialect) => {
  let server: TestServer
  let session: { token: string; user: User }

  beforeAll(async () => {
    // The outbox's backoff timer must not send at a moment the test does not choose.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'] })
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    // The server's clock is the phone's: both ask about the same quarter and the same year.
    server.clock.now = new Date()
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: USERS.worker.username, password: PASSWORD } })
    session = response.json()
  }, 60_000)

  afterAll(async () => {
    jest.useRealTimers()
    await server?.close()
  })

  /** A phone whose copy of the grid is complete up to now and empty (earlier runs' households are gone). */
  async function freshPhone(): Promise<SimulatedPhone> {
    const phone = new SimulatedPhone(server, session)
    const { seq } = await server.database.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()
    phone.storage.set(`wuzha.user.${session.user.id}.grid.${GRID_A}`, JSON.stringify({ cursor: String(seq ?? 0), pulledAt: new Date().toISOString(), grid: EMPTY_GRID }))
    return phone
  }

  /** The next run starts from an empty grid: every live household of the grid is deleted on the server. */
  async function emptyGrid(): Promise<void> {
    const live = await serverList(server, session.token, { filters: [] })
    if (live.length === 0) return
    const mutations = live.map((household) => ({
      id: crypto.randomUUID(),
      type: 'household.delete',
      payload: { id: household.id },
      at: new Date().toISOString()
    }))
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${session.token}` },
      payload: { clientId: crypto.randomUUID(), mutations }
    })
    if (response.statusCode !== 200) throw new Error(`clean-up: ${response.statusCode} ${response.body}`)
  }

  /**
   * A resident certifies the member through an invitation of the member's household (each submission
   * a new WeChat identity). Nothing is sent when the member or the household is gone; where a phone is
   * on file, the resident knows its last four digits (PHONES end in 1234 or 0000).
   */
  async function submitCertification(submission: Submission, ids: Ids): Promise<void> {
    const member = await server.database.db.selectFrom('members').select(['household_id', 'deleted_at']).where('id', '=', ids.members[submission.m]).executeTakeFirst()
    if (!member || member.deleted_at) return
    const auth = { authorization: `Bearer ${session.token}` }
    const invite = await server.app.inject({ method: 'POST', url: `/api/v1/households/${member.household_id}/invites`, headers: auth })
    if (invite.statusCode === 404) return
    for (const phoneLast4 of [undefined, '1234', '0000']) {
      const resident = await server.app.sessions.create({ userId: null, wechatOpenid: `o-${crypto.randomUUID()}` })
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/certifications',
        headers: { authorization: `Bearer ${resident.token}` },
        // Each resident from their own phone: the per-address limit is not what this test is about.
        remoteAddress: `10.9.${crypto.randomInt(250)}.${crypto.randomInt(250)}`,
        payload: { inviteToken: invite.json().token, memberId: ids.members[submission.m], status: submission.status, alertsOn: submission.alertsOn, consent: true, ...(phoneLast4 ? { phoneLast4 } : {}) }
      })
      if (response.statusCode === 201) {
        ids.certifications.push(response.json().id)
        return
      }
      if (response.statusCode !== 400) throw new Error(`certification: ${response.statusCode} ${response.body}`)
    }
    throw new Error('no last four digits matched the member’s phone')
  }

  test('household list (every filter, filters combined, searches) and household pages agree before the sync, after sync and pull, and after a restart', async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async ({ rounds, searches, filterSets }) => {
        const queries = listQueries(searches, filterSets)
        server.clock.now = new Date()
        await emptyGrid()
        const ids: Ids = {
          households: Array.from({ length: HOUSEHOLDS }, () => crypto.randomUUID()),
          members: Array.from({ length: MEMBERS }, () => crypto.randomUUID()),
          visits: Array.from({ length: VISITS }, () => crypto.randomUUID()),
          certifications: []
        }
        const phone = await freshPhone()
        await phone.start({ gridCache: true, gridSync: true })
        try {
          for (const [index, round] of rounds.entries()) {
            const inputs = (index === 0 ? [...opening(), ...round.edits] : round.edits).map((edit) => toInput(edit, ids, server.clock.now))

            phone.setOnline(false)
            phone.outbox.enqueueMutations(inputs)
            await phone.outbox.syncNow()
            const optimistic = phoneViews(phone, ids, queries, true)

            phone.setOnline(true)
            await phone.outbox.syncNow()
            const refused = phone.outbox.getOutboxSnapshot().rejected.map(({ mutation }) => mutation.id)
            expect(phone.outbox.getOutboxSnapshot().pending).toEqual([])
            // The server refuses some (edits after deletes, unknown records, weaker evidence without a
            // reason, a visit id reused for another household); the phone's copy refused them too.
            expect(optimistic).toEqual(await serverViews(server, session.token, ids, queries, true))
            for (const id of refused) phone.outbox.discardRejectedMutation(id)

            await phone.gridCache.pullGrid(GRID_A)
            const pulled = await serverViews(server, session.token, ids, queries, false)
            expect(phoneViews(phone, ids, queries, false)).toEqual(pulled)

            // WeChat kills the app; started again (without signal) it shows the same from storage.
            phone.setOnline(false)
            await phone.restart({ gridCache: true, gridSync: true })
            expect(phoneViews(phone, ids, queries, false)).toEqual(pulled)
            phone.setOnline(true)
            await phone.outbox.syncNow()
            for (const submission of round.submissions) await submitCertification(submission, ids)
            await phone.gridCache.pullGrid(GRID_A)
          }
        } finally {
          phone.stop()
          jest.clearAllTimers()
        }
      }),
      { numRuns: RUNS }
    )
  }, 900_000)
})
