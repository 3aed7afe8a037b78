import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { DialectName } from '../../db/database'
import { containsPhoneOrIdNumber } from '../../../../src/core/freeText'
import { GENESIS_HASH, canonicalJson, rowHash } from './chain'

/** What happened, by whom, to what, with what result. `details` must never hold a phone or ID number. */
export interface AuditEntry {
  actor: { id: string; role: string } | null
  /** Dotted verb, e.g. `case.create`, `export.households`. */
  action: string
  /** What it was done to, e.g. `case/<id>`, `village/<code>`. */
  target: string
  result: 'success' | 'failure'
  details: Record<string, unknown>
}

/**
 * Any fixed number other than the change log's: the key of the advisory lock that serializes audit
 * appends on PostgreSQL. A transaction that takes both takes the change log's first.
 */
const AUDIT_LOG_LOCK_KEY = 7_283_002

/**
 * The audit log's one writer (DESIGN §5). `record` runs inside the transaction of the change it
 * describes, so the change and its audit row commit or roll back together. Appends are serialized (on
 * PostgreSQL by an advisory lock held until commit; SQLite has one writer), so each row links to the
 * row committed before it.
 */
export class AuditLog {
  constructor(
    private readonly dialect: DialectName,
    private readonly now: () => Date
  ) {}

  async record(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
    // Serialized once: the text stored and hashed is the text checked (key order cannot join two values' digits).
    const details = canonicalJson(entry.details)
    assertNoNumbers(details)
    const last = await lockedHead(trx, this.dialect)
    const row = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: this.now().toISOString(),
      actor_id: entry.actor?.id ?? null,
      actor_role: entry.actor?.role ?? null,
      action: entry.action,
      target: entry.target,
      result: entry.result,
      details,
      prev_hash: last?.hash ?? GENESIS_HASH
    }
    await trx.insertInto('audit_log').values({ ...row, hash: rowHash(row) }).execute()
  }
}

/**
 * The chain's last row, read once appends are serialized: on PostgreSQL under the advisory lock, both in
 * one round trip (migration 020's audit_log_head); SQLite's one writer is the transaction itself.
 */
async function lockedHead(trx: Kysely<Database>, dialect: DialectName): Promise<{ seq: number | string; hash: string } | undefined> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ seq: string; hash: string }>`select seq, hash from audit_log_head(${sql.lit(AUDIT_LOG_LOCK_KEY)})`.execute(trx)
    return rows[0]
  }
  return trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
}

/** A UUID (record, mutation and user ids): its digit groups, joined by its dashes, can look like a number. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/**
 * Logs never hold a phone or ID number (DESIGN §5). Callers put only codes, ids and validated fields
 * in details; a number here is a bug, so the change is refused rather than logged with it. UUIDs are
 * taken out first: `a1381234-5678-4abc-…` is an id, not 138 1234 5678, and refusing it would refuse
 * the change it describes.
 */
function assertNoNumbers(details: string): void {
  const text = details.replace(UUID, '#')
  if (containsPhoneOrIdNumber(text)) throw new Error('audit details must not contain a phone or ID number')
}
