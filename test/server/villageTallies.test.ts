import fc from 'fast-check'
import { parsePeriod, periodInstants } from '../../src/core/period'
import { tallyRoster, type ScoringHousehold, type ScoringMember, type VillageTallies } from '../../src/core/scoring'
import { memberFactsOf } from '../../server/src/modules/households/memberRepository'
import { VillageFactsRepository } from '../../server/src/modules/dashboard/villageFactsRepository'
import { campaignFactsOf, EMPTY_TALLIES } from '../../server/src/modules/dashboard/campaignFacts'
import { memberArbitrary } from './arbitraries'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, login, seedWorld, TOWNSHIP, uuid, VILLAGE } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, mutation, push, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

/** Visits just inside and just outside 2026Q4 (China time), and well inside it. */
const VISIT_TIMES = ['2026-09-30T23:59:00+08:00', '2026-10-01T00:00:00+08:00', '2026-11-14T09:30:00+08:00', '2027-01-01T00:00:00+08:00']
/** The server's clock stands at the last visit time, which a push may not date in the future. */
const NOW = new Date('2027-01-01T00:00:00+08:00')

const householdArbitrary = fc.record({
  grid: fc.constantFrom(GRID_A, GRID_B),
  members: fc.array(memberArbitrary, { maxLength: 3 }),
  visits: fc.array(fc.constantFrom(...VISIT_TIMES), { maxLength: 2 }),
  deleted: fc.constantFrom(false, false, false, false, true)
})

/**
 * The dashboard counts eligible, registered, priority and covered members and visited households in SQL;
 * the gap lists count them in the core from the roster. On random rosters both must agree exactly.
 */
describe.each(databases())('village tallies in SQL agree with the core on %s', (dialect: TestDialect) => {
  let server: TestServer
  const auth: Record<'worker' | 'workerB', Auth> = {} as never
  beforeAll(async () => {
    server = await startServer(dialect)
    server.clock.now = NOW
    await seedWorld(server.database.db)
    auth.worker = await login(server, 'worker')
    auth.workerB = await login(server, 'workerB')
  })
  afterAll(() => server.close())

  test('every count of talliesUnder equals tallyRoster over the same rows', async () => {
    // The quarter just ended at NOW, counted with its own year's ages.
    const year = 2026
    const period = parsePeriod('2026Q4', NOW)!
    const window = periodInstants(period)
    const repository = new VillageFactsRepository(server.database.db)

    await fc.assert(
      fc.asyncProperty(fc.array(householdArbitrary, { minLength: 1, maxLength: 5 }), async (households) => {
        for (const household of households) {
          const id = uuid()
          const mutations = [
            householdUpsert({ id, gridId: household.grid }),
            ...household.members.flatMap(({ app, deleted, ...member }) => {
              const memberId = uuid()
              return [
                memberUpsert({ id: memberId, householdId: id, ...member }),
                ...(app ? [memberApp({ memberId, status: app, reason: '本人不愿意' })] : []),
                ...(deleted ? [mutation('member.delete', { id: memberId })] : [])
              ]
            }),
            ...household.visits.map((at) => visitRecord({ id: uuid(), householdId: id, at })),
            ...(household.deleted ? [mutation('household.delete', { id })] : [])
          ]
          const results = await push(server, household.grid === GRID_A ? auth.worker : auth.workerB, mutations)
          expect(results.filter((r) => r.status !== 'applied')).toEqual([])
        }

        const expected = tallyRoster({ ...(await campaignFactsOf(server.database.db, VILLAGE, period, year))(VILLAGE), ...(await rosterByCore(server, window)) })
        // A village without live households has no row; the dashboard reads that as EMPTY_TALLIES.
        const ofVillage = (tallies: Map<string, VillageTallies>) => tallies.get(VILLAGE) ?? EMPTY_TALLIES
        expect(ofVillage(await repository.talliesUnder(TOWNSHIP, window, year))).toEqual(expected)
        expect(ofVillage(await repository.talliesUnder(VILLAGE.slice(0, 6), window, year))).toEqual(expected)
        // A quarter is read from the tallies the write path keeps; the roster count must agree too.
        expect(ofVillage(await repository.scanUnder(TOWNSHIP, window, year))).toEqual(expected)
      }),
      { numRuns: 25 }
    )
  }, 180_000)

  test('a region without households has no tallies', async () => {
    const tallies = await new VillageFactsRepository(server.database.db).talliesUnder('141002002', { from: '2026-10-01', to: '2027-01-01' }, 2026)
    expect(tallies.size).toBe(0)
  })
})

/** The village's live households and members read row by row, with visits judged by instant in JavaScript. */
async function rosterByCore(server: TestServer, window: { from: string; to: string }) {
  const db = server.database.db
  const householdRows = await db.selectFrom('households').select('id').where('village_code', '=', VILLAGE).where('deleted_at', 'is', null).execute()
  const visitRows = await db.selectFrom('visits').select(['household_id', 'at']).execute()
  const from = Date.parse(window.from)
  const to = Date.parse(window.to)
  const visited = new Set(visitRows.filter((v) => Date.parse(v.at) >= from && Date.parse(v.at) < to).map((v) => v.household_id))
  const households: ScoringHousehold[] = householdRows.map((row) => ({ id: row.id, visitedInPeriod: visited.has(row.id) }))
  const live = new Set(households.map((h) => h.id))
  const memberRows = await db.selectFrom('members').selectAll().where('deleted_at', 'is', null).execute()
  const members: ScoringMember[] = memberRows
    .filter((row) => live.has(row.household_id))
    .map((row) => ({ id: row.id, householdId: row.household_id, ...memberFactsOf(row) }))
  return { households, members }
}
