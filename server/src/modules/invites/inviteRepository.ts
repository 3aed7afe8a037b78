import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'

export interface InviteRow {
  token_hash: string
  household_id: string
  created_by: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export class InviteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: InviteRow): Promise<void> {
    await this.db.insertInto('invites').values(row).execute()
  }

  findByHash(tokenHash: string): Promise<InviteRow | undefined> {
    return this.db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
  }

  async revoke(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('invites').set({ revoked_at: at }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute()
  }
}
