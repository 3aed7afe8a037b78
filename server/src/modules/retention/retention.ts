import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { AuditLog } from '../audit/auditLog'
import { WRONG_PHONE_LAST4_WINDOW_MS } from '../certifications/service'

const DAY_MS = 24 * 3600 * 1000
const HOUR_MS = 3600 * 1000

export interface RetentionOptions {
  /** Days an expired or revoked session or invitation is kept before it is deleted (WUZHA_EXPIRED_RETENTION_DAYS). */
  expiredRetentionDays: number
  /** Hours after its last failure that an unlocked login-failure counter is forgotten (WUZHA_LOGIN_FAILURE_TTL_HOURS). */
  loginFailureTtlHours: number
}

/** Rows deleted by one run, by kind. */
export interface PurgeCounts {
  sessions: number
  invites: number
  staffInvites: number
  loginFailures: number
  phoneCheckFailures: number
}

/**
 * Deletes what has run its course (issue #10, docs/data-inventory.md "Retention"):
 * - sessions expired or revoked more than the grace period ago (they hold who signed in, and a WeChat
 *   openid; an expired one opens nothing, the grace keeps it for looking into recent sign-ins);
 * - household invitations expired or revoked more than the grace period ago (a browser session holding
 *   one ended with it; a certification keeps the hash it was made with);
 * - staff invitations never used and expired more than the grace period ago (a used one stays: it is
 *   the record of who invited the user);
 * - login-failure counters not locked now whose last failure is older than the TTL (a later failure
 *   starts a new count: "in a row" means within the TTL);
 * - wrong phone-number answers older than their 24-hour window, which counts nothing older.
 * Screenshots have their own job (uploads' maintain). One transaction, with one audit row of the counts
 * when anything was deleted.
 */
export async function purgeExpired(db: Kysely<Database>, auditLog: AuditLog, now: Date, options: RetentionOptions): Promise<PurgeCounts> {
  const graceCutoff = new Date(now.getTime() - options.expiredRetentionDays * DAY_MS).toISOString()
  const failureCutoff = new Date(now.getTime() - options.loginFailureTtlHours * HOUR_MS).toISOString()
  const phoneCheckCutoff = new Date(now.getTime() - WRONG_PHONE_LAST4_WINDOW_MS).toISOString()
  const nowIso = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const deleted = async (query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) => Number((await query.executeTakeFirst()).numDeletedRows)
    const counts: PurgeCounts = {
      sessions:
        (await deleted(trx.deleteFrom('sessions').where('expires_at', '<', graceCutoff))) +
        (await deleted(trx.deleteFrom('sessions').where('revoked_at', '<', graceCutoff))),
      invites:
        (await deleted(trx.deleteFrom('invites').where('expires_at', '<', graceCutoff))) +
        (await deleted(trx.deleteFrom('invites').where('revoked_at', '<', graceCutoff))),
      staffInvites: await deleted(trx.deleteFrom('staff_invites').where('used_at', 'is', null).where('expires_at', '<', graceCutoff)),
      loginFailures: await deleted(
        trx
          .deleteFrom('login_failures')
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
          .where((eb) => eb.or([eb('last_failed_at', 'is', null), eb('last_failed_at', '<', failureCutoff)]))
      ),
      phoneCheckFailures: await deleted(trx.deleteFrom('phone_check_failures').where('failed_at', '<', phoneCheckCutoff))
    }
    if (Object.values(counts).some((count) => count > 0)) {
      await auditLog.record(trx, { actor: null, action: 'retention.purge', target: 'retention', result: 'success', details: { ...counts } })
    }
    return counts
  })
}
