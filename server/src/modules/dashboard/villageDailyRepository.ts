import { sql, type Kysely } from 'kysely'
import type { Database, VillageDailyTable } from '../../db/schema'
import type { Dashboard } from '../../../../src/core/api'
import { rate } from '../../../../src/core/coverage'
import { withinRegion } from '../../db/regionRange'

/** Rows per statement: ten columns each stays far below SQLite's and PostgreSQL's parameter limits. */
const UPSERT_CHUNK = 500

/** The village_daily table (migration 013): villages' figures at the end of each day, for the trend. */
export class VillageDailyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes the rows, replacing any of the same village and day: the job may run many times a day. */
  async upsert(rows: ReadonlyArray<VillageDailyTable>): Promise<void> {
    for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
      await this.db
        .insertInto('village_daily')
        .values(rows.slice(start, start + UPSERT_CHUNK))
        .onConflict((oc) =>
          oc.columns(['village_code', 'day', 'county_code']).doUpdateSet((eb) => ({
            households: eb.ref('excluded.households'),
            eligible: eb.ref('excluded.eligible'),
            registered: eb.ref('excluded.registered'),
            visited_households: eb.ref('excluded.visited_households'),
            certified: eb.ref('excluded.certified'),
            points: eb.ref('excluded.points'),
            rule_set_version: eb.ref('excluded.rule_set_version'),
            updated_at: eb.ref('excluded.updated_at')
          }))
        )
        .execute()
    }
  }

  /**
   * The region's trend over the days [fromDay, toDay]: per day with snapshots, app coverage (registered
   * among the eligible) and visit coverage (households visited in the quarter) of all its villages
   * together, and how many were certified. One statement; days without a snapshot are absent.
   */
  async trend(regionCode: string, fromDay: string, toDay: string): Promise<Dashboard['trend']> {
    const total = (column: 'households' | 'eligible' | 'registered' | 'visited_households' | 'certified') =>
      sql<string | number>`sum(${sql.ref(column)})`.as(column)
    const rows = await this.db
      .selectFrom('village_daily')
      .select(['day', total('households'), total('eligible'), total('registered'), total('visited_households'), total('certified')])
      .where((eb) => withinRegion(eb, 'village_code', regionCode))
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .groupBy('day')
      .orderBy('day')
      .execute()
    return rows.map((row) => ({
      date: row.day,
      appCoverage: rate(Number(row.registered), Number(row.eligible)),
      visitCoverage: rate(Number(row.visited_households), Number(row.households)),
      certified: Number(row.certified)
    }))
  }
}
