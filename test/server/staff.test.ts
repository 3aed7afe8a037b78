import { redeemStaffInvite } from '../../server/src/modules/auth/staffInvites'
import { UserRepository } from '../../server/src/access/userRepository'
import { databases, startServer, type TestServer } from './harness'
import { GRID_A, GRID_B, GRID_OTHER_TOWNSHIP, login, OTHER_TOWNSHIP_VILLAGE, OTHER_VILLAGE_SAME_TOWNSHIP, seedWorld, TOWNSHIP, USERS, VILLAGE, type FixtureUser } from './fixtures'

type Auth = { authorization: string }

/** What POST /auth/bind does after WeChat vouches for the identity (auth.test.ts binds through WeChat's stand-in). */
function redeem(server: TestServer, code: string, openid: string): Promise<string> {
  return server.database.db.transaction().execute((trx) => redeemStaffInvite(trx, { code, wechatOpenid: openid, now: server.clock.now }))
}

describe.each(databases())('grids and staff invitations on %s', (dialect) => {
  let server: TestServer
  const headers = {} as Record<FixtureUser, Auth>

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['admin', 'official', 'village', 'worker', 'workerB'] as const) headers[who] = await login(server, who)
  })
  afterAll(() => server.close())

  const send = (who: FixtureUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers: headers[who], ...(payload && { payload }) })

  async function auditActions(): Promise<string[]> {
    const rows = await server.database.db.selectFrom('audit_log').select('action').orderBy('seq').execute()
    return rows.map((row) => row.action)
  }

  describe('grids', () => {
    it('lets the village admin create a grid in their village, audited, listed with no workers', async () => {
      const response = await send('village', 'POST', '/grids', { villageCode: VILLAGE, name: ' 第三网格 ' })
      expect(response.statusCode).toBe(201)
      const grid = response.json()
      expect(grid).toEqual({ id: expect.any(String), name: '第三网格', villageCode: VILLAGE, workers: [] })
      const list = await send('village', 'GET', `/grids?village=${VILLAGE}`)
      expect(list.json().items.map((g: { name: string }) => g.name)).toEqual(['第一网格', '第二网格', '第三网格'])
      expect((await auditActions()).at(-1)).toBe('grid.create')
    })

    it('refuses a grid outside the village admin’s village, a non-village code and a name already used', async () => {
      expect((await send('village', 'POST', '/grids', { villageCode: OTHER_VILLAGE_SAME_TOWNSHIP, name: '甲' })).statusCode).toBe(404)
      expect((await send('admin', 'POST', '/grids', { villageCode: TOWNSHIP, name: '甲' })).statusCode).toBe(400)
      const duplicate = await send('village', 'POST', '/grids', { villageCode: VILLAGE, name: '第一网格' })
      expect([duplicate.statusCode, duplicate.json().error.message]).toEqual([409, '本村已有同名网格'])
    })

    it('says what is wrong with a grid name in Chinese, naming the field', async () => {
      const empty = await send('village', 'POST', '/grids', { villageCode: VILLAGE, name: '  ' })
      expect(empty.statusCode).toBe(400)
      expect(empty.json().error.details).toEqual([{ field: 'name', message: '网格名称不能为空' }])
      const long = await send('village', 'PATCH', `/grids/${GRID_A}`, { name: '很'.repeat(21) })
      expect(long.json().error.details).toEqual([{ field: 'name', message: '网格名称不能超过20个字' }])
      const missing = await send('village', 'POST', '/grids', { name: '甲' })
      expect(missing.json().error.message).toBe('村社区必须填写')
    })

    it('lets an admin create a grid anywhere in their scope, and nobody else', async () => {
      expect((await send('admin', 'POST', '/grids', { villageCode: OTHER_TOWNSHIP_VILLAGE, name: '学府二网格' })).statusCode).toBe(201)
      for (const who of ['official', 'worker'] as const) {
        expect((await send(who, 'POST', '/grids', { villageCode: VILLAGE, name: '乙' })).statusCode).toBe(403)
      }
    })

    it('renames a grid and assigns grid workers of the village, audited', async () => {
      const response = await send('village', 'PATCH', `/grids/${GRID_B}`, { name: '第二网格（东）', workerIds: [USERS.workerB.id, USERS.worker.id] })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        id: GRID_B,
        name: '第二网格（东）',
        villageCode: VILLAGE,
        workers: [
          { id: USERS.worker.id, name: '张小明' },
          { id: USERS.workerB.id, name: '赵丽' }
        ]
      })
      expect((await auditActions()).at(-1)).toBe('grid.update')
      // The worker now sees both grids; their first grid is untouched.
      const seen = await send('worker', 'GET', `/grids?village=${VILLAGE}`)
      expect(seen.json().items.map((g: { id: string }) => g.id)).toEqual([GRID_A, GRID_B])
      const workers = await send('village', 'GET', `/regions/${VILLAGE}/workers`)
      expect(workers.json().items).toEqual([
        { id: USERS.worker.id, name: '张小明', gridIds: expect.arrayContaining([GRID_A, GRID_B]) },
        { id: USERS.workerB.id, name: '赵丽', gridIds: [GRID_B] }
      ])
      // Taking a worker off leaves the other.
      const back = await send('village', 'PATCH', `/grids/${GRID_B}`, { name: '第二网格', workerIds: [USERS.workerB.id] })
      expect(back.json().workers).toEqual([{ id: USERS.workerB.id, name: '赵丽' }])
    })

    it('refuses workers who are not grid workers of the grid’s village', async () => {
      for (const workerIds of [[USERS.village.id], [USERS.official.id], ['u-nobody']]) {
        const response = await send('village', 'PATCH', `/grids/${GRID_A}`, { workerIds })
        expect(response.statusCode).toBe(400)
        expect(response.json().error.details).toEqual([{ field: 'workerIds', message: '网格员应为本村在岗的网格员' }])
      }
    })

    it('answers 404 for a grid outside the caller’s village and for its workers list', async () => {
      expect((await send('village', 'PATCH', `/grids/${GRID_OTHER_TOWNSHIP}`, { name: '甲' })).statusCode).toBe(404)
      expect((await send('village', 'GET', `/regions/${OTHER_TOWNSHIP_VILLAGE}/workers`)).statusCode).toBe(404)
      expect((await send('village', 'GET', '/regions/12/workers')).statusCode).toBe(404)
      expect((await send('village', 'GET', '/regions/abc/workers')).statusCode).toBe(400)
    })
  })

  describe('staff invitations', () => {
    it('issues a code for a grid worker of chosen grids, listed live until it is used', async () => {
      const created = await send('village', 'POST', '/staff-invites', { role: 'grid_worker', regionCode: VILLAGE, gridIds: [GRID_A, GRID_B], name: '孙丽' })
      expect(created.statusCode).toBe(201)
      const { code, expiresAt } = created.json()
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/)
      expect(Date.parse(expiresAt) - server.clock.now.getTime()).toBe(7 * 24 * 3600 * 1000)
      expect((await auditActions()).at(-1)).toBe('staff-invite.create')
      const audit = await server.database.db.selectFrom('audit_log').select(['target', 'details']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
      expect(`${audit.target}${audit.details}`).not.toContain(code)

      const list = await send('village', 'GET', `/staff-invites?region=${VILLAGE}`)
      expect(list.json().items).toContainEqual({
        code,
        role: 'grid_worker',
        name: '孙丽',
        regionCode: VILLAGE,
        grids: [
          { id: GRID_A, name: '第一网格' },
          { id: GRID_B, name: '第二网格' }
        ],
        createdAt: server.clock.now.toISOString(),
        expiresAt
      })

      const users = new UserRepository(server.database.db)
      const user = await users.toUser((await users.findRowById(await redeem(server, code, 'o-sun')))!)
      expect(user).toMatchObject({ name: '孙丽', role: 'grid_worker', scope: { regionCode: VILLAGE, gridIds: expect.arrayContaining([GRID_A, GRID_B]) } })
      const after = await send('village', 'GET', `/staff-invites?region=${VILLAGE}`)
      expect(after.json().items.map((item: { code: string }) => item.code)).not.toContain(code)
    })

    it('revokes a live code: it can no longer be bound or revoked again, audited', async () => {
      const { code } = (await send('village', 'POST', '/staff-invites', { role: 'grid_worker', regionCode: VILLAGE, gridIds: [GRID_A] })).json()
      const revoked = await send('village', 'DELETE', `/staff-invites/${code}`)
      expect(revoked.statusCode).toBe(204)
      expect((await auditActions()).at(-1)).toBe('staff-invite.revoke')
      expect((await send('village', 'DELETE', `/staff-invites/${code}`)).statusCode).toBe(404)
      await expect(redeem(server, code, 'o-late')).rejects.toThrow('邀请码无效或已过期')
    })

    it('lists no expired code and cannot revoke one', async () => {
      const { code } = (await send('village', 'POST', '/staff-invites', { role: 'grid_worker', regionCode: VILLAGE, gridIds: [GRID_A] })).json()
      await server.database.db.updateTable('staff_invites').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('used_at', 'is', null).execute()
      expect((await send('village', 'GET', `/staff-invites?region=${VILLAGE}`)).json().items).toEqual([])
      expect((await send('village', 'DELETE', `/staff-invites/${code}`)).statusCode).toBe(404)
    })

    it('keeps a village admin to grid workers of their own village’s grids', async () => {
      const role = await send('village', 'POST', '/staff-invites', { role: 'village_admin', regionCode: VILLAGE })
      expect(role.statusCode).toBe(403)
      expect((await send('village', 'POST', '/staff-invites', { role: 'grid_worker', regionCode: OTHER_VILLAGE_SAME_TOWNSHIP, gridIds: [GRID_A] })).statusCode).toBe(404)
      const foreignGrid = await send('village', 'POST', '/staff-invites', { role: 'grid_worker', regionCode: VILLAGE, gridIds: [GRID_OTHER_TOWNSHIP] })
      expect(foreignGrid.json().error.details).toEqual([{ field: 'gridIds', message: '网格应为本村的网格' }])
      const noGrid = await send('village', 'POST', '/staff-invites', { role: 'grid_worker', regionCode: VILLAGE })
      expect(noGrid.json().error.details).toEqual([{ field: 'gridIds', message: '网格必须选择至少一个' }])
      const badRole = await send('village', 'POST', '/staff-invites', { role: 'boss', regionCode: VILLAGE })
      expect(badRole.json().error.details[0].message).toMatch(/^角色应为/)
    })

    it('lets an admin invite a township official, and lists and revokes codes anywhere in scope', async () => {
      const created = await send('admin', 'POST', '/staff-invites', { role: 'official', regionCode: TOWNSHIP })
      expect(created.statusCode).toBe(201)
      const wrongLevel = await send('admin', 'POST', '/staff-invites', { role: 'official', regionCode: VILLAGE })
      expect(wrongLevel.json().error.details).toEqual([{ field: 'regionCode', message: '地区应为乡镇或区县' }])
      const listed = await send('admin', 'GET', '/staff-invites?region=1410')
      expect(listed.json().items.map((item: { code: string }) => item.code)).toContain(created.json().code)
      // The village admin sees only their village's codes, and cannot revoke the township's.
      const villageList = await send('village', 'GET', `/staff-invites?region=${VILLAGE}`)
      expect(villageList.json().items.map((item: { code: string }) => item.code)).not.toContain(created.json().code)
      expect((await send('village', 'GET', `/staff-invites?region=${TOWNSHIP}`)).statusCode).toBe(404)
      expect((await send('village', 'DELETE', `/staff-invites/${created.json().code}`)).statusCode).toBe(404)
      expect((await send('admin', 'DELETE', `/staff-invites/${created.json().code}`)).statusCode).toBe(204)
    })

    it('needs the region of the list, in Chinese', async () => {
      const response = await send('village', 'GET', '/staff-invites')
      expect([response.statusCode, response.json().error.message]).toEqual([400, '地区必须填写'])
    })
  })
})
