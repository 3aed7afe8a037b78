import { sql, type Kysely } from 'kysely'
import type { Database, RegionRow } from '../db/schema'
import { ELDERLY_AGE, ELIGIBLE_AGE } from '../../../src/core/member'
import type { VillageTallies } from '../../../src/core/scoring'
import { withinRegion } from './regionRange'

/**
 * What the scores of every village under a region are computed from, counted in SQL per village: two
 * queries for a township or a whole county, never one per village, and no member row leaves the database.
 * The conditions restate the core's isEligible, isPriorityMember and isCoveredPriorityMember; a server
 * test checks these counts against the core's own tallyRoster on random rosters.
 */
export class VillageFactsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  villagesUnder(regionCode: string): Promise<RegionRow[]> {
    return this.db
      .selectFrom('regions')
      .selectAll()
      .where('level', '=', 'village')
      .where((eb) => withinRegion(eb, 'code', regionCode))
      .orderBy('code')
      .execute()
  }

  /** Tallies of the villages under the region that have live households; `year` decides ages (China time). */
  async talliesUnder(regionCode: string, window: { from: string; to: string }, year: number): Promise<Map<string, VillageTallies>> {
    const visited = this.db
      .selectFrom('visits as v')
      .innerJoin('households as vh', 'vh.id', 'v.household_id')
      .select('v.household_id')
      .distinct()
      .where((eb) => withinRegion(eb, 'vh.village_code', regionCode))
      .where('v.at', '>=', window.from)
      .where('v.at', '<', window.to)
      .as('visited')

    const households = await this.db
      .selectFrom('households as h')
      .leftJoin(visited, 'visited.household_id', 'h.id')
      .select(['h.village_code', sql<string | number>`count(*)`.as('households'), sql<string | number>`count(visited.household_id)`.as('visited')])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('h.deleted_at', 'is', null)
      .groupBy('h.village_code')
      .execute()

    const eligible = sql`(m.birth_year <= ${year - ELIGIBLE_AGE} and m.smartphone = 'yes' and coalesce(m.away_place, '') = '')`
    const priority = sql`(m.birth_year <= ${year - ELDERLY_AGE} or m.tags <> '[]')`
    const covered = sql`(visited.household_id is not null and (m.app_status = 'registered' or m.smartphone = 'no'))`
    const count = (condition: ReturnType<typeof sql>) => sql<string | number | null>`sum(case when ${condition} then 1 else 0 end)`
    const members = await this.db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .leftJoin(visited, 'visited.household_id', 'm.household_id')
      .select([
        'h.village_code',
        count(eligible).as('eligible'),
        count(sql`${eligible} and m.app_status = 'registered'`).as('registered'),
        count(priority).as('priority'),
        count(sql`${priority} and ${covered}`).as('covered_priority')
      ])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('h.deleted_at', 'is', null)
      .where('m.deleted_at', 'is', null)
      .groupBy('h.village_code')
      .execute()

    const byVillage = new Map(members.map((row) => [row.village_code, row]))
    const tallies = new Map<string, VillageTallies>()
    for (const row of households) {
      const counts = byVillage.get(row.village_code)
      tallies.set(row.village_code, {
        households: Number(row.households),
        visitedHouseholds: Number(row.visited),
        eligible: Number(counts?.eligible ?? 0),
        registered: Number(counts?.registered ?? 0),
        priority: Number(counts?.priority ?? 0),
        coveredPriority: Number(counts?.covered_priority ?? 0)
      })
    }
    return tallies
  }
}
