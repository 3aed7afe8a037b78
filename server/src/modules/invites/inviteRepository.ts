import type { Kysely } from 'kysely'
import type { Database, InviteTable } from '../../db/schema'

export type InviteRow = InviteTable

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
