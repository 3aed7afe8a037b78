import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { chunkSize, chunks } from '../../db/chunks'
import type { MutationResult, MutationType } from '../../../../src/core/mutations'

export interface MutationRecord {
  id: string
  clientId: string
  userId: string
  /** The county of the pusher's scope (a village): the row's distribution key. */
  countyCode: string
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

  /** The first results of those of these ids the user has sent before, by id. */
  async findResults(userId: string, ids: ReadonlyArray<string>): Promise<Map<string, MutationResult>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db.selectFrom('mutations').select(['id', 'result']).where('user_id', '=', userId).where('id', 'in', ids).execute()
    return new Map(rows.map((row) => [row.id, JSON.parse(row.result) as MutationResult]))
  }

  async insertAll(records: ReadonlyArray<MutationRecord>): Promise<void> {
    const rows = records.map((record) => ({
      id: record.id,
      client_id: record.clientId,
      user_id: record.userId,
      county_code: record.countyCode,
      type: record.type,
      status: record.result.status,
      result: JSON.stringify(record.result),
      received_at: record.receivedAt
    }))
    for (const part of chunks(rows, chunkSize(8))) await this.db.insertInto('mutations').values(part).execute()
  }
}
