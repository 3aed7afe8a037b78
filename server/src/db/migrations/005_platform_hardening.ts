import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../database'

/**
 * - A mutation id belongs to the user who first sent it: the record of seen ids is keyed by (user, id),
 *   so another user's mutation with the same id is applied on its own merits and never answered with
 *   the first user's result.
 * - Password lockouts are kept per name and address and, more slowly, per name: `lockouts` counts the
 *   consecutive per-name lockouts that set its back-off.
 * - `settings` holds facts about the installation itself, such as "this database was made by demo mode".
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table mutations drop constraint mutations_pkey`.execute(db)
    await sql`alter table mutations add primary key (user_id, id)`.execute(db)
  } else {
    // SQLite cannot change a primary key in place: the table is rebuilt with the same rows.
    await db.schema
      .createTable('mutations_by_user')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mutations_pkey', ['user_id', 'id'])
      .execute()
    await sql`insert into mutations_by_user (id, client_id, user_id, type, status, result, received_at)
      select id, client_id, user_id, type, status, result, received_at from mutations`.execute(db)
    await db.schema.dropTable('mutations').execute()
    await db.schema.alterTable('mutations_by_user').renameTo('mutations').execute()
  }

  await db.schema
    .alterTable('login_failures')
    .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()
}
