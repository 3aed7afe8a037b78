import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Grid, GridWorkerRef } from '../../../src/core/api'

/** Names in the order a Chinese reader expects (pinyin), the same on SQLite and PostgreSQL. */
const byChineseName = new Intl.Collator('zh-CN').compare

export class GridRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The village's grids in the order they were created, each with its active grid workers. */
  async listByVillage(villageCode: string): Promise<Grid[]> {
    const grids = await this.db
      .selectFrom('grids')
      .select(['id', 'name', 'village_code'])
      .where('village_code', '=', villageCode)
      .orderBy('created_at')
      .orderBy('id')
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
