import type { Kysely } from 'kysely'
import type { Database, RegionRow } from '../../db/schema'
import type { Scope } from '../../access/scope'
import { isRegionCode } from '../../../../src/core/regions'

/** Regions, read through the caller's scope: a region above or beside it is not found. */
export class RegionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Not found for anything that is no region code, which is then never sent to SQL (PostgreSQL refuses a NUL byte). */
  findVisible(code: string, scope: Scope): Promise<RegionRow | undefined> {
    if (!isRegionCode(code)) return Promise.resolve(undefined)
    return this.db
      .selectFrom('regions')
      .selectAll()
      .where('code', '=', code)
      .where((eb) => scope.regionCondition(eb, 'code'))
      .executeTakeFirst()
  }

  /** The direct children of a region (all of them lie inside a scope that sees the region). */
  childrenOf(code: string): Promise<RegionRow[]> {
    return this.db.selectFrom('regions').selectAll().where('parent_code', '=', code).orderBy('code').execute()
  }
}
