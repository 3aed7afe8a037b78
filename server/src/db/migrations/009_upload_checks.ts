import type { Kysely } from 'kysely'

/**
 * Screenshots' WeChat content check and retention (DESIGN §5): the check's state and trace id
 * (wxa/media_check_async answers one; the result is pushed later with it), when it was last asked for
 * (the maintenance job asks again for one WeChat never answered), and when the file was purged — the
 * row stays, with its sha256 and size, as the record that a screenshot existed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('uploads')
    .addColumn('check_state', 'text', (c) => c.notNull().defaultTo('unchecked'))
    .execute()
  await db.schema.alterTable('uploads').addColumn('check_trace_id', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('check_requested_at', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('purged_at', 'text').execute()
  await db.schema.createIndex('uploads_check_trace').on('uploads').columns(['check_trace_id']).execute()
  await db.schema.createIndex('uploads_purge').on('uploads').columns(['purged_at', 'household_id', 'created_at']).execute()
}
