import type { Kysely } from 'kysely'
import type { Database, VillageDailyTable } from '../../db/schema'
import { chinaDate } from '../../../../src/core/campaign'
import { CST_OFFSET_MS, currentQuarter, yearInChina } from '../../../../src/core/period'
import { countyCodeOf } from '../../../../src/core/regions'
import type { DashboardService, ScoredVillage } from './service'
import { VillageDailyRepository } from './villageDailyRepository'

const DAY_MS = 24 * 3600 * 1000

/**
 * Writes the daily snapshots the dashboard's trend reads (village_daily, migration 013). A snapshot of a
 * day is every village's figures as the dashboard scores them for that day's quarter, from the roster as
 * it stood at the snapshot's instant; villages without households get no row. Per county with
 * households: the dashboard's own statements (tallies, campaign records) and one upsert per 500 villages,
 * never one statement per village. Idempotent: a second run the same day replaces that day's rows.
 */
export class DailySnapshots {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dashboards: DashboardService,
    private readonly now: () => Date
  ) {}

  /**
   * Today's rows from the live roster: what the hourly job writes, so today's point is at most an hour
   * old. Answers how many village rows it wrote.
   */
  async takeToday(): Promise<number> {
    const now = this.now()
    return this.write(chinaDate(now), now, undefined)
  }

  /**
   * The rows of the day (China time) that ends at `dayEnd`, reconstructed from the records' timestamps as
   * the roster stood then (the demo's past 12 weeks). Answers how many village rows it wrote.
   */
  async takeAt(dayEnd: Date): Promise<number> {
    const lastInstant = new Date(dayEnd.getTime() - 1)
    return this.write(chinaDate(lastInstant), lastInstant, dayEnd.toISOString())
  }

  private async write(day: string, within: Date, asOf: string | undefined): Promise<number> {
    const period = currentQuarter(within)
    const year = yearInChina(within)
    const repository = new VillageDailyRepository(this.db)
    let written = 0
    for (const county of await this.countiesWithHouseholds()) {
      const { rules, scored } = await this.dashboards.scoreVillagesUnder(county, period, year, asOf)
      const rows = scored.filter((village) => village.tallies.households > 0).map((village) => snapshotRow(village, day, rules.version, this.now()))
      await repository.upsert(rows)
      written += rows.length
    }
    return written
  }

  /** The end (China midnight) of each of the `days` days before today, oldest first: the instants to reconstruct. */
  pastDayEnds(days: number): Date[] {
    const todayStart = Date.parse(`${chinaDate(this.now())}T00:00:00.000Z`) - CST_OFFSET_MS
    return Array.from({ length: days }, (_, index) => new Date(todayStart - (days - 1 - index) * DAY_MS))
  }

  /** Counties holding any household ever: a county without one has nothing to snapshot. */
  private async countiesWithHouseholds(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('households')
      .select('county_code as county')
      .distinct()
      .execute()
    return rows.map((row) => row.county).sort()
  }
}

function snapshotRow(village: ScoredVillage, day: string, ruleSetVersion: number, now: Date): VillageDailyTable {
  const { tallies, row } = village
  return {
    village_code: row.code,
    county_code: countyCodeOf(row.code),
    day,
    households: tallies.households,
    eligible: tallies.eligible,
    registered: tallies.registered,
    visited_households: tallies.visitedHouseholds,
    certified: row.status === 'certified' ? 1 : 0,
    points: row.points,
    rule_set_version: ruleSetVersion,
    updated_at: now.toISOString()
  }
}
