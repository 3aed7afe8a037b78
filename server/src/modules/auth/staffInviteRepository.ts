import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database, StaffInviteTable } from '../../db/schema'
import { withinRegion } from '../../db/regionRange'

export type StaffInviteRow = Selectable<StaffInviteTable>

export class StaffInviteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(invite: Insertable<StaffInviteTable>): Promise<void> {
    await this.db.insertInto('staff_invites').values(invite).execute()
  }

  /** The invitation with this code hash if it is still unused and unexpired at `now`. */
  findUsable(codeHash: string, now: string): Promise<StaffInviteRow | undefined> {
    return this.db
      .selectFrom('staff_invites')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
  }

  /** Claims the invitation; false when someone else claimed it first (the update is conditional). */
  async markUsed(codeHash: string, userId: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_invites')
      .set({ used_by: userId, used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  /** Unused, unexpired invitations for a region at or under `regionCode`, soonest to expire first. */
  listLive(regionCode: string, now: string): Promise<StaffInviteRow[]> {
    return this.db
      .selectFrom('staff_invites')
      .selectAll()
      .where((eb) => withinRegion(eb, 'scope_region_code', regionCode))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('expires_at')
      .orderBy('code_hash')
      .execute()
  }

  /** Revokes an unused invitation by removing it; false when there was none to remove. */
  async deleteUnused(codeHash: string): Promise<boolean> {
    const result = await this.db.deleteFrom('staff_invites').where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst()
    return result.numDeletedRows === 1n
  }
}
