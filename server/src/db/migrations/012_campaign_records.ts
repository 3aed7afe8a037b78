import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../database'

/**
 * Campaign records (DESIGN §2) and the audit log (DESIGN §5):
 * - `activities`: 宣传活动 of a village or a township (a township's counts for each of its villages);
 * - `village_facts`: a village's volunteer team and 96110 warning counts, one row a village, kept
 *   current by its village admin (each change is in the audit log);
 * - `audit_log`: append-only and hash-chained. Each row's hash is SHA-256 of the previous row's hash and
 *   the row itself, so changing, inserting or deleting a row breaks the chain (`npm run audit:verify`).
 *   Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), so the application cannot rewrite it
 *   by mistake; someone with rights to drop the triggers is what the chain is for.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('activities_region_date').on('activities').columns(['region_code', 'occurred_on']).execute()

  await db.schema
    .createTable('village_facts')
    .addColumn('village_code', 'text', (c) => c.primaryKey())
    .addColumn('volunteer_team', 'integer', (c) => c.notNull())
    .addColumn('warnings_received', 'integer', (c) => c.notNull())
    .addColumn('warnings_followed_up', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('audit_log')
    // Assigned by the writer (last + 1) under the append lock, so the chain has no gaps to explain.
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute()

  if (dialect === 'postgres') {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db)
    await sql`create trigger audit_log_no_change before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db)
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db)
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db)
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db)
  }
}
