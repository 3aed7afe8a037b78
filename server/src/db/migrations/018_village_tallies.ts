import type { Kysely } from 'kysely'

/**
 * Tallies kept by the write path (issue #10 point 2): what the dashboards count, per village, updated
 * in the same transaction as every mutation (modules/dashboard/villageTallies.ts), so a dashboard reads
 * one or two rows per village instead of the roster. Counts only — no person.
 *
 * `village_tallies`: one row per village and `quarter` ('' = the live roster, 'YYYYQn' = the households
 * visited in that quarter, China time) with the counts whose ages are taken in the base year
 * (TALLY_BASE_YEAR). `village_birth_year_tallies`: the same village and quarter split by members' birth
 * year, holding only what does not depend on age, so the counts of any other year are the base year's
 * corrected by the few birth years that crossed 16 or 60 in between: a year change rewrites nothing.
 * Existing rosters are counted by migration 019, which adds the tables' county key (the count needs the
 * tables as the code writes them); `npm run tallies:rebuild` recounts them at any time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('village_tallies')
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text', (c) => c.notNull())
    /** Live households ('' rows), households visited in the quarter (quarter rows). */
    .addColumn('households', 'integer', (c) => c.notNull().defaultTo(0))
    /** '' rows: eligible, registered and priority members in the base year. */
    .addColumn('eligible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    /** Quarter rows: covered priority members (of the visited households) in the base year. */
    .addColumn('covered', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('village_tallies_pk', ['village_code', 'quarter'])
    .execute()
  await db.schema
    .createTable('village_birth_year_tallies')
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull())
    /** '' rows: members with a smartphone who live at home, and those of them registered. */
    .addColumn('phone_ready', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('phone_ready_registered', 'integer', (c) => c.notNull().defaultTo(0))
    /** '' rows: members without priority tags (priority only by age). */
    .addColumn('untagged', 'integer', (c) => c.notNull().defaultTo(0))
    /** Quarter rows: members without tags of the visited households, registered or without a smartphone. */
    .addColumn('untagged_reached', 'integer', (c) => c.notNull().defaultTo(0))
    // Reads ask for a few birth years of one quarter across a region's villages: this order finds them.
    .addPrimaryKeyConstraint('village_birth_year_tallies_pk', ['quarter', 'birth_year', 'village_code'])
    .execute()
}
