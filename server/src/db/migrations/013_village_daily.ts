import type { Kysely } from 'kysely'

/**
 * Daily snapshots of every village's dashboard figures (issue #9 point 3, the dashboard's `trend`), one
 * row per village and calendar day in China time, written by the dashboard's snapshot job
 * (modules/dashboard/dailySnapshots.ts): once at start and then hourly, upserting today's row, so the
 * last job of a day leaves that day's final figures. Only counts and the village's standing — no person.
 * A trend then reads one row per village per day, never the roster.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('village_daily')
    .addColumn('village_code', 'text', (c) => c.notNull())
    /** YYYY-MM-DD in China time. */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull())
    .addColumn('registered', 'integer', (c) => c.notNull())
    /** Households visited in the day's quarter up to the end of the day. */
    .addColumn('visited_households', 'integer', (c) => c.notNull())
    .addColumn('certified', 'integer', (c) => c.notNull())
    .addColumn('points', 'real')
    .addColumn('rule_set_version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('village_daily_pk', ['village_code', 'day'])
    .execute()
  // The trend of a region: its villages' rows for a range of days, summed per day.
  await db.schema.createIndex('village_daily_day').on('village_daily').columns(['day', 'village_code']).execute()
}
