import type { Kysely } from 'kysely'

/**
 * Password failures are counted per typed login name, existing or not, so that the lockout answers an
 * unknown name exactly as it answers a real account: 429 after five failures cannot reveal who exists.
 * The name is stored only as a keyed hash (people type passwords into the name field by mistake).
 * The counters move here from the users table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('login_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute()
  await db.schema.alterTable('users').dropColumn('failed_logins').execute()
  await db.schema.alterTable('users').dropColumn('locked_until').execute()
}
