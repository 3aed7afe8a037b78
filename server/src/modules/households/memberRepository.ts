import type { Kysely, Updateable } from 'kysely'
import type { Database, MemberRow, MemberTable } from '../../db/schema'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { maskPhone } from '../../../../src/core/phone'
import type { MemberCoverageFacts } from '../../../../src/core/coverage'
import type { AppStatusValue } from '../../../../src/core/appStatus'
import type { PriorityTag, SmartphoneAnswer } from '../../../../src/core/member'

export type MemberUpdate = Updateable<MemberTable>

/** The facts eligibility, priority and coverage depend on, as the core reads them. */
export function memberFactsOf(row: Pick<MemberRow, 'birth_year' | 'smartphone' | 'away_place' | 'tags' | 'app_status'>): MemberCoverageFacts {
  return {
    birthYear: row.birth_year,
    smartphone: row.smartphone as SmartphoneAnswer,
    away: row.away_place ? { place: row.away_place } : null,
    tags: JSON.parse(row.tags) as PriorityTag[],
    appStatus: row.app_status as AppStatusValue | null
  }
}

/** What a searched number is matched by (core householdSearchOf): the keyed hash of the number masked. */
export function phoneMaskHash(phone: string, cipher: FieldCipher): string | null {
  return phone === '' ? null : cipher.hash(maskPhone(phone))
}

export class MemberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<MemberRow | undefined> {
    return this.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** These members, deleted ones included. */
  findByIds(ids: ReadonlyArray<string>): Promise<MemberRow[]> {
    if (ids.length === 0) return Promise.resolve([])
    return this.db.selectFrom('members').selectAll().where('id', 'in', ids).execute()
  }

  /** Live members of these households, heads first, then in the order they were added. */
  listByHouseholds(householdIds: ReadonlyArray<string>): Promise<MemberRow[]> {
    if (householdIds.length === 0) return Promise.resolve([])
    return this.db
      .selectFrom('members')
      .selectAll()
      .where('household_id', 'in', householdIds)
      .where('deleted_at', 'is', null)
      .orderBy('household_id')
      .orderBy('is_head', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  }

  async update(id: string, changes: MemberUpdate): Promise<void> {
    await this.db.updateTable('members').set(changes).where('id', '=', id).execute()
  }

  /**
   * Fills `phone_mask_hash` of members stored before migration 006 added it (it needs the data key, which
   * migrations do not have); run at start-up, it finds nothing to do once done. Returns how many it filled.
   */
  async fillPhoneMaskHashes(cipher: FieldCipher): Promise<number> {
    const rows = await this.db
      .selectFrom('members')
      .select(['id', 'phone_enc'])
      .where('phone_enc', 'is not', null)
      .where('phone_mask_hash', 'is', null)
      .execute()
    for (const row of rows) {
      if (row.phone_enc) await this.update(row.id, { phone_mask_hash: phoneMaskHash(cipher.decrypt(row.phone_enc), cipher) })
    }
    return rows.length
  }
}
