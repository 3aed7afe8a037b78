import { sql, type Kysely } from 'kysely'

/**
 * Staff invitations a village admin issues from the app (issue #9):
 * - `code_cipher`: the code encrypted with the field key, so the issuer's list can show a live code again
 *   (to re-send it) and revoke it; `code_hash` stays the lookup key when a code is typed in;
 * - `grid_ids`: JSON array of the grids a grid worker will work (one invitation may name several),
 *   replacing the single `grid_id`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_invites').addColumn('code_cipher', 'text').execute()
  await db.schema.alterTable('staff_invites').addColumn('grid_ids', 'text').execute()
  await sql`update staff_invites set grid_ids = '["' || grid_id || '"]' where grid_id is not null`.execute(db)
  await db.schema.alterTable('staff_invites').dropColumn('grid_id').execute()
}
