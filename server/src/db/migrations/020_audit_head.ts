import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../database'

/**
 * PostgreSQL: `audit_log_head(lock_key)` takes the audit log's advisory lock and reads the chain's last row
 * in one round trip (modules/audit/auditLog.ts), where a statement for each cost a push behind a 1 ms
 * network one more millisecond. The read is a second statement of a volatile function, so it runs on a
 * snapshot taken after the lock is held and sees the row committed by whoever held it before (one
 * statement doing both would read on a snapshot taken before waiting). SQLite has one writer: nothing.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return
  await sql`
    create function audit_log_head(lock_key bigint) returns table (seq bigint, hash text)
    language plpgsql volatile as $$
    begin
      perform pg_advisory_xact_lock(lock_key);
      return query select a.seq, a.hash from audit_log a order by a.seq desc limit 1;
    end
    $$`.execute(db)
}
