import type { Kysely } from 'kysely'
import type { Database, UserRow } from '../db/schema'
import type { Role, User } from '../../../src/core/api'

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findRowById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst()
  }

  findRowByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  }

  findRowByOpenid(openid: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('wechat_openid', '=', openid).where('disabled_at', 'is', null).executeTakeFirst()
  }

  async gridIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('user_grids').select('grid_id').where('user_id', '=', userId).orderBy('grid_id').execute()
    return rows.map((r) => r.grid_id)
  }

  /** The API's User: role and scope (grid workers also carry their grids). */
  async toUser(row: UserRow): Promise<User> {
    const role = row.role as Role
    const gridIds = role === 'grid_worker' ? await this.gridIdsOf(row.id) : undefined
    return {
      id: row.id,
      name: row.name,
      role,
      scope: {
        ...(row.scope_region_code ? { regionCode: row.scope_region_code } : {}),
        ...(gridIds ? { gridIds } : {})
      }
    }
  }
}
