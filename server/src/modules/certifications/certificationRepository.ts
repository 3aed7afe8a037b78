import type { Insertable, Kysely } from 'kysely'
import type { CertificationRow, CertificationTable, Database } from '../../db/schema'
import type { Scope } from '../../access/scope'
import { maskName } from '../../../../src/core/names'
import type { AppStatusValue } from '../../../../src/core/appStatus'
import type { CertificationState, CertificationView, UploadCheckState } from '../../../../src/core/certification'

type CertificationWithName = CertificationRow & { member_name: string; upload_check: string | null }

export function certificationViewOf(row: CertificationWithName): CertificationView {
  return {
    id: row.id,
    householdId: row.household_id,
    memberId: row.member_id,
    memberNameMasked: maskName(row.member_name),
    status: row.status as AppStatusValue,
    alertsOn: row.alerts_on === 1,
    region: row.region,
    uploadId: row.upload_id,
    uploadCheck: row.upload_id ? ((row.upload_check ?? 'unchecked') as UploadCheckState) : null,
    state: row.state as CertificationState,
    reason: row.reason,
    createdAt: row.created_at,
    decidedAt: row.decided_at
  }
}

export class CertificationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Certifications with their member's name, which views show masked, and their screenshot's content check. */
  private withMemberName() {
    return this.db
      .selectFrom('certifications as c')
      .innerJoin('members as m', 'm.id', 'c.member_id')
      .leftJoin('uploads as u', 'u.id', 'c.upload_id')
      .selectAll('c')
      .select(['m.name as member_name', 'u.check_state as upload_check'])
  }

  async insert(row: Insertable<CertificationTable>): Promise<void> {
    await this.db.insertInto('certifications').values(row).execute()
  }

  /** These certifications with their member's name, for views (pull). */
  findByIdsWithName(ids: ReadonlyArray<string>): Promise<CertificationWithName[]> {
    if (ids.length === 0) return Promise.resolve([])
    return this.withMemberName()
      .where('c.id', 'in', ids)
      .execute()
  }

  /**
   * A grid's certifications in a state, oldest first, within the scope (households of the grid now).
   * Those of a deleted member or household are left out: neither can be reviewed any more.
   */
  listOfGrid(gridId: string, state: CertificationState, scope: Scope): Promise<CertificationWithName[]> {
    return this.withMemberName()
      .innerJoin('households as h', 'h.id', 'c.household_id')
      .where('h.grid_id', '=', gridId)
      .where('h.deleted_at', 'is', null)
      .where('m.deleted_at', 'is', null)
      .where((eb) => scope.gridCondition(eb, 'h.grid_id', 'h.village_code'))
      .where('c.state', '=', state)
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute()
  }

  /** A household's certifications of members not deleted, newest first (the household page). */
  listOfHousehold(householdId: string): Promise<CertificationWithName[]> {
    return this.withMemberName()
      .where('c.household_id', '=', householdId)
      .where('m.deleted_at', 'is', null)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .execute()
  }

  /** What one WeChat identity submitted, newest first. */
  listOfResident(openid: string): Promise<CertificationWithName[]> {
    return this.withMemberName()
      .where('c.resident_openid', '=', openid)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(50)
      .execute()
  }

  /** Submissions of one identity since a time: the per-resident limit. */
  async countOfResidentSince(openid: string, since: string): Promise<number> {
    const row = await this.db
      .selectFrom('certifications')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('resident_openid', '=', openid)
      .where('created_at', '>=', since)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }
}
