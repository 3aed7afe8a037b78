import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database, RegionRow } from '../../db/schema'
import { ELDERLY_AGE, ELIGIBLE_AGE } from '../../../../src/core/member'
import type { VillageTallies } from '../../../../src/core/scoring'
import type { TimeWindow } from '../../../../src/core/visitTimes'
import { withinRegion } from '../../db/regionRange'
import { quarterOfWindow, readVillageTallies, talliesOfRow } from './villageTallies'

/**
 * What the scores of every village under a region are computed from, counted in SQL per village: one
 * statement for a township or a whole county, never one per village, and no member row leaves the database.
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

  /**
   * Tallies of the villages under the region that have live households; `year` decides ages (China time).
   * A calendar quarter as it stands now is read from the tallies the write path keeps (villageTallies.ts):
   * one or two rows per village. Other windows and past instants are counted from the roster (scanUnder).
   */
  async talliesUnder(regionCode: string, window: TimeWindow, year: number, asOf?: string): Promise<Map<string, VillageTallies>> {
    const quarter = asOf ? null : quarterOfWindow(window)
    if (quarter) return readVillageTallies(this.db, regionCode, quarter, year)
    return this.scanUnder(regionCode, window, year, asOf)
  }

  /**
   * The same tallies counted from the roster: for date ranges and past instants, and what the kept
   * tallies are tested against. One statement: members are counted per household first, so whether the household was visited in the
   * period (found once) can decide its covered priority members.
   *
   * With `asOf` (an ISO instant), the roster as it stood then, from the records' own timestamps: households
   * and members created before it and not deleted by then, registered if their app status was recorded
   * registered before it (a later change of evidence moves that time forward, so this errs low). Other
   * fields (ages, smartphones, tags) are as they stand now. Daily snapshots use it (dailySnapshots.ts).
   */
  async scanUnder(regionCode: string, window: TimeWindow, year: number, asOf?: string): Promise<Map<string, VillageTallies>> {
    const eligible = sql`(m.birth_year <= ${year - ELIGIBLE_AGE} and m.smartphone = 'yes' and coalesce(m.away_place, '') = '')`
    const priority = sql`(m.birth_year <= ${year - ELDERLY_AGE} or m.tags <> '[]')`
    const isRegistered = asOf ? sql`(m.app_status = 'registered' and m.app_updated_at < ${asOf})` : sql`m.app_status = 'registered'`
    const count = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`
    const total = (column: string) => sql<string | number | null>`sum(${sql.ref(column)})`
    const rows = await this.db
      .with('visited', (db) =>
        db
          .selectFrom('visits as v')
          .innerJoin('households as vh', 'vh.id', 'v.household_id')
          .select('v.household_id')
          .distinct()
          .where((eb) => withinRegion(eb, 'vh.village_code', regionCode))
          // The core's visitedIn: a visit at an instant in [from, to) (times are stored as UTC ISO text).
          .where('v.at', '>=', window.from)
          .where('v.at', '<', window.to)
      )
      .with('member_counts', (db) =>
        db
          .selectFrom('members as m')
          .innerJoin('households as mh', 'mh.id', 'm.household_id')
          .select([
            'm.household_id',
            count(eligible).as('eligible'),
            count(sql`${eligible} and ${isRegistered}`).as('registered'),
            count(priority).as('priority'),
            // Covered once the household is visited: registered, or no smartphone to register on.
            count(sql`${priority} and (${isRegistered} or m.smartphone = 'no')`).as('priority_reached')
          ])
          .where((eb) => withinRegion(eb, 'mh.village_code', regionCode))
          .where(liveAt('m', asOf))
          .groupBy('m.household_id')
      )
      .selectFrom('households as h')
      .leftJoin('visited', 'visited.household_id', 'h.id')
      .leftJoin('member_counts as mc', 'mc.household_id', 'h.id')
      .select([
        'h.village_code',
        sql<string | number>`count(*)`.as('households'),
        sql<string | number>`count(visited.household_id)`.as('visited'),
        total('mc.eligible').as('eligible'),
        total('mc.registered').as('registered'),
        total('mc.priority').as('priority'),
        sql<string | number | null>`sum(case when visited.household_id is not null then mc.priority_reached else 0 end)`.as('covered')
      ])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where(liveAt('h', asOf))
      .groupBy('h.village_code')
      .execute()

    return new Map(rows.map((row) => [row.village_code, talliesOfRow(row)]))
  }
}

/** A record not deleted: now, or (with `asOf`) at that instant, having been created before it. */
function liveAt(alias: 'm' | 'h', asOf: string | undefined): RawBuilder<SqlBool> {
  const table = sql.table(alias)
  if (!asOf) return sql<SqlBool>`${table}.deleted_at is null`
  return sql<SqlBool>`(${table}.created_at < ${asOf} and (${table}.deleted_at is null or ${table}.deleted_at >= ${asOf}))`
}
