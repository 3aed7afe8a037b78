import type { Kysely } from 'kysely'

/**
 * 涉诈案件 case records (DESIGN §2): village, date, kind, fraud type, loss in yuan, note — no victim
 * names — plus the victim's age band, which the anonymised warnings show. Recorded by township
 * officials (a later issue); the demo seeds a few. Indexed by village code, which the township's
 * warnings read as a code range.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fraud_type', 'text', (c) => c.notNull())
    .addColumn('loss_yuan', 'integer')
    .addColumn('victim_age_band', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cases_village_date').on('cases').columns(['village_code', 'occurred_on']).execute()
}
