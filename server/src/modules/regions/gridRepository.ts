import type { Kysely } from 'kysely'
import type { Database, GridRow } from '../../db/schema'
import type { Scope } from '../../access/scope'
import type { Grid, GridWorkerRef } from '../../../../src/core/api'

/** Names in the order a Chinese reader expects (pinyin), the same on SQLite and PostgreSQL. */
const byChineseName = new Intl.Collator('zh-CN').compare

/** Grids, read through the caller's scope: a grid worker sees only their own. */
export class GridRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A grid the scope sees (to list, pull or place a household in). */
  findVisible(id: string, scope: Scope): Promise<GridRow | undefined> {
    return this.db
      .selectFrom('grids as g')
      .selectAll('g')
      .where('g.id', '=', id)
      .where((eb) => scope.gridCondition(eb, 'g.id', 'g.village_code'))
      .executeTakeFirst()
  }

  /** The village's grids the scope sees, in the order they were created, each with its active grid workers. */
  async listVisibleByVillage(villageCode: string, scope: Scope): Promise<Grid[]> {
    const grids = await this.db
      .selectFrom('grids as g')
      .select(['g.id', 'g.name', 'g.village_code'])
      .where('g.village_code', '=', villageCode)
      .where((eb) => scope.gridCondition(eb, 'g.id', 'g.village_code'))
      .orderBy('g.created_at')
      .orderBy('g.id')
      .execute()
    const workers = await this.workersOf(grids.map((g) => g.id))
    return grids.map((g) => ({ id: g.id, name: g.name, villageCode: g.village_code, workers: workers.get(g.id) ?? [] }))
  }

  private async workersOf(gridIds: string[]): Promise<Map<string, GridWorkerRef[]>> {
    const byGrid = new Map<string, GridWorkerRef[]>()
    if (gridIds.length === 0) return byGrid
    const rows = await this.db
      .selectFrom('user_grids')
      .innerJoin('users', 'users.id', 'user_grids.user_id')
      .select(['user_grids.grid_id', 'users.id', 'users.name'])
      .where('user_grids.grid_id', 'in', gridIds)
      .where('users.role', '=', 'grid_worker')
      .where('users.disabled_at', 'is', null)
      .execute()
    rows.sort((a, b) => byChineseName(a.name, b.name))
    for (const row of rows) {
      const list = byGrid.get(row.grid_id) ?? []
      list.push({ id: row.id, name: row.name })
      byGrid.set(row.grid_id, list)
    }
    return byGrid
  }
}
