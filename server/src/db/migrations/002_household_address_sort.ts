import { sql, type Kysely } from 'kysely'

/**
 * Households are listed in address order with a keyset cursor, so the order needs one indexed column.
 * On PostgreSQL it uses the "C" collation: byte order, the same order SQLite gives, whatever the
 * database's locale.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .alterTable('households')
    .addColumn('address_sort', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.createIndex('households_grid_address').on('households').columns(['grid_id', 'address_sort', 'id']).execute()
  await db.schema.createIndex('households_address').on('households').columns(['address_sort', 'id']).execute()
}
