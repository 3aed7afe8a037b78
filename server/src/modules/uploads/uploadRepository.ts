import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database, UploadTable } from '../../db/schema'
import type { UploadCheckState } from '../../../../src/core/certification'

export type UploadRow = Selectable<UploadTable>

export class UploadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<UploadTable>): Promise<void> {
    await this.db.insertInto('uploads').values(row).execute()
  }

  findById(id: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
  }

  findByTraceId(traceId: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('uploads').selectAll().where('check_trace_id', '=', traceId).executeTakeFirst()
  }

  async countOfOwnerSince(openid: string, since: string): Promise<number> {
    const row = await this.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('owner_openid', '=', openid)
      .where('created_at', '>=', since)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  async attach(id: string, householdId: string): Promise<void> {
    await this.db.updateTable('uploads').set({ household_id: householdId }).where('id', '=', id).execute()
  }

  async markCheckRequested(id: string, traceId: string, at: string): Promise<void> {
    await this.db.updateTable('uploads').set({ check_state: 'pending', check_trace_id: traceId, check_requested_at: at }).where('id', '=', id).execute()
  }

  /** WeChat's verdict, once: only a check still pending takes it, so a replayed push changes nothing. */
  async recordVerdict(id: string, state: UploadCheckState, dropPath: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('uploads')
      .set(dropPath ? { check_state: state, path: '' } : { check_state: state })
      .where('id', '=', id)
      .where('check_state', '=', 'pending')
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  /** Files to ask WeChat about: never asked (or asking failed), or asked before `staleBefore` and never answered. */
  dueForCheck(staleBefore: string, limit: number): Promise<UploadRow[]> {
    return this.db
      .selectFrom('uploads')
      .selectAll()
      .where('purged_at', 'is', null)
      .where('path', '!=', '')
      .where((eb) =>
        eb.or([eb('check_state', '=', 'unchecked'), eb.and([eb('check_state', '=', 'pending'), eb('check_requested_at', '<', staleBefore)])])
      )
      .orderBy('created_at')
      .limit(limit)
      .execute()
  }

  /**
   * Uploads whose time is up: attached ones whose every certification was decided before `decidedBefore`,
   * and orphans (never attached) created before `orphanedBefore`.
   */
  dueForPurge(decidedBefore: string, orphanedBefore: string, limit: number): Promise<UploadRow[]> {
    return this.db
      .selectFrom('uploads as u')
      .selectAll('u')
      .where('u.purged_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('u.household_id', 'is', null), eb('u.created_at', '<', orphanedBefore)]),
          eb.and([
            eb.exists(eb.selectFrom('certifications as c').select('c.id').whereRef('c.upload_id', '=', 'u.id')),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('certifications as c')
                  .select('c.id')
                  .whereRef('c.upload_id', '=', 'u.id')
                  .where((inner) => inner.or([inner('c.decided_at', 'is', null), inner('c.decided_at', '>=', decidedBefore)]))
              )
            )
          ])
        ])
      )
      .orderBy('u.created_at')
      .limit(limit)
      .execute()
  }

  /** The file is gone; sha256 and size stay as the record that it existed. */
  async markPurged(id: string, at: string): Promise<void> {
    await this.db.updateTable('uploads').set({ path: '', purged_at: at }).where('id', '=', id).execute()
  }
}
