import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../server/src/db/schema'
import { hashPassword } from '../../server/src/crypto/passwords'
import type { TestServer } from './harness'

/**
 * A small real piece of Linfen for server tests: 尧都区 with two of its subdistricts, three
 * communities, two grids in 商会社区 and one in 学府社区 (the other subdistrict), and one user of
 * each staff role. Everything a test needs beyond this it creates through the API.
 */
export const REGIONS = [
  { code: '14', name: '山西省', level: 'province', parent_code: null },
  { code: '1410', name: '临汾市', level: 'city', parent_code: '14' },
  { code: '141002', name: '尧都区', level: 'county', parent_code: '1410' },
  { code: '141002001', name: '解放路街道', level: 'township', parent_code: '141002' },
  { code: '141002002', name: '鼓楼西街街道', level: 'township', parent_code: '141002' },
  { code: '141002001001', name: '商会社区居委会', level: 'village', parent_code: '141002001' },
  { code: '141002001002', name: '平阳社区居委会', level: 'village', parent_code: '141002001' },
  { code: '141002002002', name: '学府社区居委会', level: 'village', parent_code: '141002002' }
] as const

export const TOWNSHIP = '141002001'
export const VILLAGE = '141002001001'
export const OTHER_VILLAGE_SAME_TOWNSHIP = '141002001002'
export const OTHER_TOWNSHIP_VILLAGE = '141002002002'

export const GRID_A = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'
export const GRID_B = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d02'
export const GRID_OTHER_TOWNSHIP = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d03'

export const PASSWORD = 'test-password-1'

export const USERS = {
  admin: { id: 'u-admin', username: 'admin', name: '管理员甲', role: 'admin', scope: '1410', grids: [] as string[] },
  official: { id: 'u-official', username: 'official', name: '王建国', role: 'official', scope: TOWNSHIP, grids: [] as string[] },
  village: { id: 'u-village', username: 'village', name: '李秀英', role: 'village_admin', scope: VILLAGE, grids: [] as string[] },
  worker: { id: 'u-worker', username: 'worker', name: '张小明', role: 'grid_worker', scope: VILLAGE, grids: [GRID_A] },
  workerB: { id: 'u-worker-b', username: 'workerb', name: '赵丽', role: 'grid_worker', scope: VILLAGE, grids: [GRID_B] },
  otherOfficial: {
    id: 'u-official-2',
    username: 'official2',
    name: '刘洋',
    role: 'official',
    scope: '141002002',
    grids: [] as string[]
  }
} as const
export type FixtureUser = keyof typeof USERS

let cachedHash: Promise<string> | null = null

export async function seedWorld(db: Kysely<Database>): Promise<void> {
  const now = '2026-11-01T00:00:00.000Z'
  await db.insertInto('regions').values(REGIONS.map((r) => ({ ...r }))).execute()
  await db
    .insertInto('grids')
    .values([
      { id: GRID_A, name: '第一网格', village_code: VILLAGE, created_at: now },
      { id: GRID_B, name: '第二网格', village_code: VILLAGE, created_at: now },
      { id: GRID_OTHER_TOWNSHIP, name: '学府一网格', village_code: OTHER_TOWNSHIP_VILLAGE, created_at: now }
    ])
    .execute()
  cachedHash ??= hashPassword(PASSWORD)
  const passwordHash = await cachedHash
  for (const user of Object.values(USERS)) {
    await db
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        password_hash: passwordHash,
        name: user.name,
        role: user.role,
        scope_region_code: user.scope,
        wechat_openid: null,
        created_at: now,
        disabled_at: null
      })
      .execute()
    for (const gridId of user.grids) {
      await db.insertInto('user_grids').values({ user_id: user.id, grid_id: gridId }).execute()
    }
  }
}

/** Logs in through the real password endpoint and returns the bearer header. */
export async function login(server: TestServer, who: FixtureUser): Promise<{ authorization: string }> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    payload: { username: USERS[who].username, password: PASSWORD }
  })
  if (response.statusCode !== 200) throw new Error(`login ${who} failed: ${response.statusCode} ${response.body}`)
  return { authorization: `Bearer ${response.json().token}` }
}

export function uuid(): string {
  return crypto.randomUUID()
}
