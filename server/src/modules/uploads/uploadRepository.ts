import type { Kysely, Selectable } from 'kysely'
import type { Database, UploadTable } from '../../db/schema'

export type UploadRow = Selectable<UploadTable>

export class UploadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: UploadRow): Promise<void> {
    await this.db.insertInto('uploads').values(row).execute()
  }

  findById(id: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
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
}
