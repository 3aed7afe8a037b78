import { databases, startServer, type TestServer } from './harness'
import { login, OTHER_TOWNSHIP_VILLAGE, OTHER_VILLAGE_SAME_TOWNSHIP, seedWorld, TOWNSHIP, VILLAGE, type FixtureUser } from './fixtures'

describe.each(databases())('regions on %s', (dialect) => {
  let server: TestServer
  const headers = {} as Record<FixtureUser, { authorization: string }>

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['admin', 'official', 'village', 'worker'] as const) headers[who] = await login(server, who)
  })
  afterAll(async () => {
    await server.close()
  })

  async function region(who: FixtureUser, code: string) {
    return server.app.inject({ method: 'GET', url: `/api/v1/regions/${code}`, headers: headers[who] })
  }

  it('answers a township with its parent and its villages sorted by code', async () => {
    const response = await region('official', TOWNSHIP)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      code: TOWNSHIP,
      name: '解放路街道',
      level: 'township',
      parentCode: '141002',
      children: [
        { code: VILLAGE, name: '商会社区居委会', level: 'village' },
        { code: OTHER_VILLAGE_SAME_TOWNSHIP, name: '平阳社区居委会', level: 'village' }
      ]
    })
  })

  it('lets an admin of the city walk down from the city', async () => {
    const city = await region('admin', '1410')
    expect(city.json()).toMatchObject({ code: '1410', name: '临汾市', level: 'city', parentCode: '14' })
    expect(city.json().children).toEqual([{ code: '141002', name: '尧都区', level: 'county' }])
    const county = await region('admin', '141002')
    expect(county.json().children.map((c: { code: string }) => c.code)).toEqual([TOWNSHIP, '141002002'])
  })

  it('answers a village with no children to its grid worker', async () => {
    const response = await region('worker', VILLAGE)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ code: VILLAGE, name: '商会社区居委会', level: 'village', parentCode: TOWNSHIP, children: [] })
  })

  it('answers 404, the same as for an unknown region, above or beside the scope', async () => {
    const unknown = await region('official', '141002001099')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error).toEqual({ code: 'NOT_FOUND', message: '地区不存在或无权查看', details: [] })
    for (const [who, code] of [
      ['official', '141002'],
      ['official', '141002002'],
      ['official', OTHER_TOWNSHIP_VILLAGE],
      ['village', TOWNSHIP],
      ['village', OTHER_VILLAGE_SAME_TOWNSHIP],
      ['worker', OTHER_VILLAGE_SAME_TOWNSHIP],
      ['admin', '14']
    ] as const) {
      const response = await region(who, code)
      expect([who, code, response.statusCode, response.json()]).toEqual([who, code, 404, unknown.json()])
    }
  })

  it('refuses a malformed code with 400 in Chinese', async () => {
    for (const code of ['abc', '1410021', '14100200100']) {
      const response = await region('admin', code)
      expect(response.statusCode).toBe(400)
      expect(response.json().error).toEqual({
        code: 'VALIDATION_FAILED',
        message: '区划代码格式不正确，应为2、4、6、9或12位数字',
        details: [{ field: 'code', message: '区划代码格式不正确，应为2、4、6、9或12位数字' }]
      })
    }
  })

  it('needs a staff session', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: `/api/v1/regions/${TOWNSHIP}` })
    expect(anonymous.statusCode).toBe(401)
  })
})
