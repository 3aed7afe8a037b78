import type { DatabaseHandle } from '../db/database'
import { AuditLog } from '../modules/audit/auditLog'
import { RuleSetRepository } from '../modules/rulesets/ruleSetRepository'
import { DashboardService } from '../modules/dashboard/service'
import { DailySnapshots } from '../modules/dashboard/dailySnapshots'

/** How far back the demo's trend reaches: a quarter's worth of days, so the first demo start shows a curve. */
export const DEMO_TREND_DAYS = 12 * 7

/**
 * The daily snapshots (village_daily) of the 12 weeks before the demo's first start, one row per village
 * with households per day, reconstructed from the seeded records' own timestamps (households and members
 * from their creation, registrations from when they were recorded, visits from their time), exactly as the
 * snapshot job would have written them had the server been running. Today's row is the job's.
 */
export async function seedDemoSnapshots(database: DatabaseHandle, now: Date): Promise<void> {
  const clock = () => now
  const dashboards = new DashboardService(database.db, new RuleSetRepository(database.db, new AuditLog(database.dialect, clock), clock), clock)
  const snapshots = new DailySnapshots(database.db, dashboards, clock)
  for (const dayEnd of snapshots.pastDayEnds(DEMO_TREND_DAYS)) await snapshots.takeAt(dayEnd)
}
