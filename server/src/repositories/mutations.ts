import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { MutationResult, MutationType } from '../../../src/core/mutations'

export interface MutationRecord {
  id: string
  clientId: string
  userId: string
  type: MutationType
  result: MutationResult
  receivedAt: string
}

/** The record of every mutation id the server has seen, with the result it gave the first time. */
export class MutationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findResult(id: string): Promise<MutationResult | null> {
    const row = await this.db.selectFrom('mutations').select('result').where('id', '=', id).executeTakeFirst()
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
