import { databases, startServer, type TestServer } from './harness'
import {
  GRID_A,
  GRID_B,
  login,
  OTHER_TOWNSHIP_VILLAGE,
  OTHER_VILLAGE_SAME_TOWNSHIP,
  seedWorld,
  USERS,
  VILLAGE,
  type FixtureUser
} from './fixtures'

describe.each(databases())('grids on %s', (dialect) => {
  let server: TestServer
  const headers = {} as Record<FixtureUser, { authorization: string }>

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['admin', 'official', 'otherOfficial', 'village', 'worker'] as const) headers[who] = await login(server, who)
  })
  afterAll(async () => {
    await server.close()
  })

  async function grids(who: FixtureUser, query: string) {
    return server.app.inject({ method: 'GET', url: `/api/v1/grids${query}`, headers: headers[who] })
  }

  const gridA = { id: GRID_A, name: '第一网格', villageCode: VILLAGE, workers: [{ id: USERS.worker.id, name: '张小明' }] }
  const gridB = { id: GRID_B, name: '第二网格', villageCode: VILLAGE, workers: [{ id: USERS.workerB.id, name: '赵丽' }] }

  it("lists a village's grids with their workers to everyone above the grid", async () => {
    for (const who of ['admin', 'official', 'village'] as const) {
      const response = await grids(who, `?village=${VILLAGE}`)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ items: [gridA, gridB] })
    }
  })

  it('shows a grid worker only their own grids', async () => {
    const response = await grids('worker', `?village=${VILLAGE}`)
    expect(response.json()).toEqual({ items: [gridA] })
  })

  it('answers an empty list for a village in scope without grids', async () => {
    const response = await grids('official', `?village=${OTHER_VILLAGE_SAME_TOWNSHIP}`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ items: [] })
  })

  it('answers 404 for a village outside the scope or unknown', async () => {
    for (const [who, village] of [
      ['otherOfficial', VILLAGE],
      ['official', OTHER_TOWNSHIP_VILLAGE],
      ['worker', OTHER_VILLAGE_SAME_TOWNSHIP],
      ['village', OTHER_VILLAGE_SAME_TOWNSHIP],
      ['official', '141002001099']
    ] as const) {
      const response = await grids(who, `?village=${village}`)
      expect([who, village, response.statusCode, response.json().error?.code]).toEqual([who, village, 404, 'NOT_FOUND'])
    }
  })

  it('leaves disabled workers out', async () => {
    await server.database.db.updateTable('users').set({ disabled_at: '2026-11-10T00:00:00.000Z' }).where('id', '=', USERS.workerB.id).execute()
    try {
      const response = await grids('village', `?village=${VILLAGE}`)
      expect(response.json().items[1]).toEqual({ ...gridB, workers: [] })
    } finally {
      await server.database.db.updateTable('users').set({ disabled_at: null }).where('id', '=', USERS.workerB.id).execute()
    }
  })

  it('needs a 12-digit village code, and says so in Chinese', async () => {
    const missing = await grids('official', '')
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.message).toBe('村社区必须填写')
    const township = await grids('official', '?village=141002001')
    expect(township.statusCode).toBe(400)
    expect(township.json().error.details).toEqual([{ field: 'village', message: '村社区代码格式不正确，应为12位区划代码' }])
  })
})
