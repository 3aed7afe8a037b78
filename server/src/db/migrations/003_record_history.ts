import { sql, type Kysely } from 'kysely'

/**
 * The history of overwritten values (DESIGN §4): when a later change replaces a stored value, the old
 * one is kept here for review. Phone and ID numbers are kept only in their masked form.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('record_history')
    .addColumn('id', dialect === 'postgres' ? sql`bigserial` : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
    )
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text', (c) => c.notNull())
    .addColumn('new_value', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('record_history_entity').on('record_history').columns(['entity_id', 'id']).execute()
  await db.schema.createIndex('record_history_grid').on('record_history').columns(['grid_id', 'id']).execute()
}
