import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'

/** Wrong answers to a member's phone last four digits, one row each, by failure key (see CertificationService). */
export class PhoneCheckFailureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The most wrong answers any of these keys has given since the time. */
  async mostSince(keys: ReadonlyArray<string>, since: string): Promise<number> {
    const rows = await this.db
      .selectFrom('phone_check_failures')
      .select(['failure_key', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('failure_key', 'in', keys)
      .where('failed_at', '>=', since)
      .groupBy('failure_key')
      .execute()
    return Math.max(0, ...rows.map((row) => Number(row.n)))
  }

  /** Records one wrong answer under each key, dropping their answers older than `forgetBefore`. */
  async record(keys: ReadonlyArray<string>, at: string, forgetBefore: string): Promise<void> {
    await this.db.deleteFrom('phone_check_failures').where('failure_key', 'in', keys).where('failed_at', '<', forgetBefore).execute()
    await this.db
      .insertInto('phone_check_failures')
      .values(keys.map((key) => ({ failure_key: key, failed_at: at })))
      .execute()
  }
}
