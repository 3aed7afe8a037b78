import type { Kysely } from 'kysely'
import type { Database, RegionRow } from '../db/schema'

export class RegionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findByCode(code: string): Promise<RegionRow | undefined> {
    return this.db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst()
  }

  childrenOf(code: string): Promise<RegionRow[]> {
    return this.db.selectFrom('regions').selectAll().where('parent_code', '=', code).orderBy('code').execute()
  }
}
