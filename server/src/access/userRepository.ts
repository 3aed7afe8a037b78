import type { Insertable, Kysely } from 'kysely'
import type { Database, UserRow, UserTable } from '../db/schema'
import type { Role, User } from '../../../src/core/api'

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findRowById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst()
  }

  /** A user's name, disabled users included: who did something stays known after they leave. */
  async nameOf(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst()
    return row?.name ?? null
  }

  findRowByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  }

  findRowByOpenid(openid: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('wechat_openid', '=', openid).where('disabled_at', 'is', null).executeTakeFirst()
  }

  /** Any user holding this WeChat identity, disabled ones included: the column is unique. */
  async isOpenidTaken(openid: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').where('wechat_openid', '=', openid).executeTakeFirst()
    return row !== undefined
  }

  async insert(user: Insertable<UserTable>, gridIds: ReadonlyArray<string>): Promise<void> {
    await this.db.insertInto('users').values(user).execute()
    for (const gridId of gridIds) {
      await this.db.insertInto('user_grids').values({ user_id: user.id, grid_id: gridId }).execute()
    }
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
