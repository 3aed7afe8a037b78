import fc from 'fast-check'
import { sql } from 'kysely'
import { APP_STATUSES } from '../../src/core/appStatus'
import { periodInstants, quarterPeriod } from '../../src/core/period'
import type { VillageTallies } from '../../src/core/scoring'
import { VillageFactsRepository } from '../../server/src/modules/dashboard/villageFactsRepository'
import { readVillageTallies, rebuildVillageTallies, TALLY_BASE_YEAR } from '../../server/src/modules/dashboard/villageTallies'
import { memberArbitrary } from './arbitraries'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, login, seedWorld, TOWNSHIP, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, mutation, push, visitRecord, type Envelope } from './mutationBuilders'
import { multipartBody, xlsxOf } from './fixtures-xlsx/rosters'

type Auth = { authorization: string }

/** Visits around the quarter and year changes of 2025–2027 (China time). */
const VISIT_TIMES = [
  '2025-12-31T23:59:00+08:00',
  '2026-01-01T00:00:00+08:00',
  '2026-03-31T23:59:59+08:00',
  '2026-04-01T00:00:00+08:00',
  '2026-11-14T09:30:00+08:00',
  '2027-01-01T00:00:00+08:00',
  '2027-07-01T08:00:00+08:00'
]
/** The clock stands after every visit time, so none is refused as a future one. */
const NOW = new Date('2027-12-01T00:00:00+08:00')
const QUARTERS = ['2025Q4', '2026Q1', '2026Q2', '2026Q4', '2027Q1', '2027Q3', '2024Q2']
/** Ages counted before, in and after the base year: years that move people across 16 and 60 both ways. */
const YEARS = [TALLY_BASE_YEAR - 3, TALLY_BASE_YEAR - 1, TALLY_BASE_YEAR, TALLY_BASE_YEAR + 1, TALLY_BASE_YEAR + 4]

const pick = fc.nat({ max: 1_000 })
// Weighted so that most steps find live records to change: deletions are rarer than the records they end.
const action = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('household' as const), grid: fc.constantFrom(GRID_A, GRID_B) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('member' as const), household: pick, member: fc.option(pick, { nil: undefined }), facts: memberArbitrary }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('app' as const), member: pick, status: fc.constantFrom(...APP_STATUSES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('memberDelete' as const), member: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('householdDelete' as const), household: pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('visit' as const), household: pick, visit: fc.option(pick, { nil: undefined }), at: fc.constantFrom(...VISIT_TIMES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), household: pick, grid: fc.constantFrom(GRID_A, GRID_B) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('regrid' as const), household: pick, grid: fc.constantFrom(GRID_A, GRID_B) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('import' as const), group: fc.constantFrom('一组', '二组'), birthYear: fc.constantFrom(1950, 1966, 1967, 2010, 2011) }) }
)
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never

/**
 * The tallies the write path keeps must always equal a full recount of the roster: after random
 * sequences of pushes (households, members moving between households, app statuses, visits re-dated into
 * other quarters), imports, deletions and grid moves, the dashboard's reading of the kept tallies equals
 * VillageFactsRepository.scanUnder for every quarter and for years on both sides of the base year (a year
 * change is a read with another year), and a rebuild from the roster finds the same rows.
 */
describe.each(databases())('tallies kept by the write path on %s', (dialect: TestDialect) => {
  let server: TestServer
  const auth: Record<'village', Auth> = {} as never
  beforeAll(async () => {
    server = await startServer(dialect)
    server.clock.now = NOW
    await seedWorld(server.database.db)
    auth.village = await login(server, 'village')
  })
  afterAll(() => server.close())

  test('after random writes the tallies equal a full recount', async () => {
    // The records of the current run: the database keeps earlier runs' (and their tallies) too.
    let households: string[] = []
    let members: string[] = []
    let visits: string[] = []
    const at = <T>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length])

    const envelopeOf = (step: Action): Envelope | null => {
      switch (step.kind) {
        case 'household': {
          const id = uuid()
          households.push(id)
          return householdUpsert({ id, gridId: step.grid, address: { group: '三组', door: String(households.length) } })
        }
        case 'member': {
          const householdId = at(households, step.household)
          if (!householdId) return null
          const existing = step.member === undefined ? undefined : at(members, step.member)
          const id = existing ?? uuid()
          if (!existing) members.push(id)
          const { app: _app, deleted: _deleted, ...facts } = step.facts
          return memberUpsert({ id, householdId, name: '成员', ...facts })
        }
        case 'app': {
          const memberId = at(members, step.member)
          return memberId ? memberApp({ memberId, status: step.status, reason: '本人不愿意' }) : null
        }
        case 'memberDelete': {
          const id = at(members, step.member)
          return id ? mutation('member.delete', { id }) : null
        }
        case 'householdDelete': {
          const id = at(households, step.household)
          return id ? mutation('household.delete', { id }) : null
        }
        case 'visit': {
          const householdId = at(households, step.household)
          if (!householdId) return null
          const existing = step.visit === undefined ? undefined : at(visits, step.visit)
          const id = existing ?? uuid()
          if (!existing) visits.push(id)
          return visitRecord({ id, householdId, at: step.at })
        }
        case 'move': {
          const id = at(households, step.household)
          return id ? mutation('household.move', { id, gridId: step.grid }) : null
        }
        case 'regrid': {
          const id = at(households, step.household)
          return id ? householdUpsert({ id, gridId: step.grid, address: { group: '三组', door: '99' } }) : null
        }
        case 'import':
          return null
      }
    }

    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30, size: 'max' }), async (steps) => {
        households = []
        members = []
        visits = []
        // Each run starts from a recount, so a counterexample replays from what the roster says.
        await rebuildVillageTallies(server.database.db, server.database.dialect)
        for (const step of steps) {
          if (step.kind === 'import') {
            await importRoster(server, auth.village, step.group, step.birthYear)
            continue
          }
          const envelope = envelopeOf(step)
          // Rejections (an edit of a deleted record, a visit re-recorded for another household) are part of
          // the test: a rejected mutation's writes are undone, and so must its tallies be.
          if (envelope) await push(server, auth.village, [envelope])
        }
        await expectTalliesEqualRecount(server)
      }),
      { numRuns: dialect === 'sqlite' ? 30 : 15 }
    )
  }, 300_000)
})

async function importRoster(server: TestServer, who: Auth, group: string, birthYear: number): Promise<void> {
  const rows = [
    ['姓名', '组/小区', '门牌号', '出生年份', '有无智能手机', '重点人群', '反诈APP状态'],
    [`导入${uuid().slice(0, 6)}`, group, String(Math.floor(Math.random() * 1000)), birthYear, '有', null, '已注册'],
    [`导入${uuid().slice(0, 6)}`, group, '1', birthYear + 1, '无', '独居', null]
  ]
  const body = multipartBody(await xlsxOf(rows))
  const response = await server.app.inject({ method: 'POST', url: `/api/v1/imports/households?grid=${GRID_A}&dryRun=false`, headers: { ...who, ...body.headers }, payload: body.payload })
  expect(response.statusCode).toBe(200)
}

async function expectTalliesEqualRecount(server: TestServer): Promise<void> {
  const db = server.database.db
  const repository = new VillageFactsRepository(db)
  for (const label of QUARTERS) {
    const [year, quarter] = label.split('Q').map(Number)
    const window = periodInstants(quarterPeriod(year, quarter))
    for (const ageYear of YEARS) {
      const kept = await readVillageTallies(db, TOWNSHIP, label, ageYear)
      const counted = await repository.scanUnder(TOWNSHIP, window, ageYear)
      expect({ label, ageYear, tallies: sorted(kept) }).toEqual({ label, ageYear, tallies: sorted(counted) })
    }
  }
  const before = await keptRows(server)
  await rebuildVillageTallies(db, server.database.dialect)
  expect(await keptRows(server)).toEqual(before)
}

function sorted(tallies: Map<string, VillageTallies>): Array<[string, VillageTallies]> {
  return [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b))
}

/** Every non-zero tally row, as comparable text (the write path leaves rows at zero; a rebuild does not). */
async function keptRows(server: TestServer): Promise<string[]> {
  const db = server.database.db
  const { rows: villages } = await sql<Record<string, unknown>>`
    select village_code, quarter, households, eligible, registered, priority, covered from village_tallies
     where households <> 0 or eligible <> 0 or registered <> 0 or priority <> 0 or covered <> 0`.execute(db)
  const { rows: birthYears } = await sql<Record<string, unknown>>`
    select village_code, quarter, birth_year, phone_ready, phone_ready_registered, untagged, untagged_reached from village_birth_year_tallies
     where phone_ready <> 0 or phone_ready_registered <> 0 or untagged <> 0 or untagged_reached <> 0`.execute(db)
  return [...villages, ...birthYears].map((row) => JSON.stringify(Object.values(row).map((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)))).sort()
}
