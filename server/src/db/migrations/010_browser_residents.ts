import type { Kysely } from 'kysely'

/**
 * Residents on H5 (our addition to API.md: POST /auth/invitation). A browser has no WeChat identity, so
 * its session holds the one invitation that opened it (`invite_token_hash`) and an identity the server
 * made for it (`resident_key`, a random UUID, written `web:<uuid>` wherever a resident is named).
 *
 * Wrong answers to "the phone's last four digits" move out of the server's memory into
 * `phone_check_failures`, one row per wrong answer, so a restart does not hand a guesser fresh tries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('resident_key', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('invite_token_hash', 'text').execute()

  await db.schema
    .createTable('phone_check_failures')
    .addColumn('failure_key', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('phone_check_failures_key').on('phone_check_failures').columns(['failure_key', 'failed_at']).execute()
}
