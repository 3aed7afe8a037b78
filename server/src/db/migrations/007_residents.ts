import type { Kysely } from 'kysely'

/**
 * The resident flow (issue #8): household invitations a grid worker hands out as a QR code, the
 * screenshots residents upload, and the certifications they submit for the worker to review.
 * Invitation tokens are stored only hashed (a stolen database opens no household); a resident is
 * known only by their WeChat openid, never by an account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invites')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('invites_household').on('invites').columns(['household_id']).execute()

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_openid', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('uploads_owner').on('uploads').columns(['owner_openid', 'created_at']).execute()

  await db.schema
    .createTable('certifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('invite_token_hash', 'text', (c) => c.notNull())
    .addColumn('resident_openid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('alerts_on', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('upload_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema.createIndex('certifications_household').on('certifications').columns(['household_id', 'state']).execute()
  await db.schema.createIndex('certifications_resident').on('certifications').columns(['resident_openid', 'created_at']).execute()
}
