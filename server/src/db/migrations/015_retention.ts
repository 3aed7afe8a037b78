import { sql, type Kysely } from 'kysely'

/**
 * Retention (issue #10): the hourly job deletes what has run its course (modules/retention).
 * - `login_failures.last_failed_at`: when the counter last counted, so an unlocked counter can be
 *   forgotten a while after its last failure; rows from before start their clock now.
 * - Indexes for the job's range deletes on expiry times.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('login_failures').addColumn('last_failed_at', 'text').execute()
  await sql`update login_failures set last_failed_at = ${new Date().toISOString()}`.execute(db)
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute()
  await db.schema.createIndex('invites_expires_at').on('invites').column('expires_at').execute()
  await db.schema.createIndex('staff_invites_expires_at').on('staff_invites').column('expires_at').execute()
  await db.schema.createIndex('phone_check_failures_failed_at').on('phone_check_failures').column('failed_at').execute()
}
