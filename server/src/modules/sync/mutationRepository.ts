import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { MutationResult, MutationType } from '../../../../src/core/mutations'

export interface MutationRecord {
  id: string
  clientId: string
  userId: string
  type: MutationType
  result: MutationResult
  receivedAt: string
}

/**
 * The record of every mutation the server has seen, with the result it gave the first time. A mutation
 * id belongs to the user who first sent it: look-ups are by (user, id), so one user's ids never find,
 * block or reveal another's.
 */
export class MutationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findResult(userId: string, id: string): Promise<MutationResult | null> {
    const row = await this.db
      .selectFrom('mutations')
      .select('result')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? (JSON.parse(row.result) as MutationResult) : null
  }

  async insert(record: MutationRecord): Promise<void> {
    await this.db
      .insertInto('mutations')
      .values({
        id: record.id,
        client_id: record.clientId,
        user_id: record.userId,
        type: record.type,
        status: record.result.status,
        result: JSON.stringify(record.result),
        received_at: record.receivedAt
      })
      .execute()
  }
}
