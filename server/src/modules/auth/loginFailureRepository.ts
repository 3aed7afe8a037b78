import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'

export interface FailureCount {
  failures: number
  lockouts: number
}

/** Failed password logins by login key (a keyed hash of the typed name, or of name and address). */
export class LoginFailureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async lockedUntil(loginKey: string): Promise<string | null> {
    const row = await this.db.selectFrom('login_failures').select('locked_until').where('login_key', '=', loginKey).executeTakeFirst()
    return row?.locked_until ?? null
  }

  /** Counts one more failure, in one statement so parallel attempts each count. */
  async record(loginKey: string, at: string): Promise<FailureCount> {
    return this.db
      .insertInto('login_failures')
      .values({ login_key: loginKey, failures: 1, locked_until: null, last_failed_at: at })
      .onConflict((oc) => oc.column('login_key').doUpdateSet((eb) => ({ failures: eb('login_failures.failures', '+', 1), last_failed_at: at })))
      .returning(['failures', 'lockouts'])
      .executeTakeFirstOrThrow()
  }

  /** Locks until the given time, starts a fresh count for afterwards and remembers how many lockouts in a row. */
  async lock(loginKey: string, until: string, lockouts: number): Promise<void> {
    await this.db.updateTable('login_failures').set({ locked_until: until, failures: 0, lockouts }).where('login_key', '=', loginKey).execute()
  }

  async clear(loginKeys: ReadonlyArray<string>): Promise<void> {
    await this.db.deleteFrom('login_failures').where('login_key', 'in', loginKeys).execute()
  }
}
