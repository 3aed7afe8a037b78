import { databases, startServer, type TestServer } from './harness'

describe.each(databases())('health and API description on %s', (dialect) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(() => server.close())

  it('reports the database in use and the package version', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ ok: true, db: dialect, version: require('../../package.json').version })
  })

  it('describes every API route in the OpenAPI document at /api/docs', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(response.statusCode).toBe(200)
    const paths = Object.keys(response.json().paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/password',
        '/api/v1/auth/wechat',
        '/api/v1/auth/bind',
        '/api/v1/auth/logout',
        '/api/v1/me',
        '/api/v1/regions/{code}',
        '/api/v1/grids',
        '/api/v1/sync/push',
        '/api/v1/households',
        '/api/v1/households/{id}',
        '/api/v1/dashboard/{regionCode}'
      ])
    )
  })

  it('answers an unknown API path with a Chinese 404 body', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/nope' })
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('NOT_FOUND')
    expect(response.json().error.message).toContain('接口不存在')
  })

  it('answers what the router refuses in the API’s form too: an overlong path segment, a broken URL', async () => {
    const overlong = await server.app.inject({ method: 'GET', url: `/api/v1/households/${'a'.repeat(101)}` })
    expect(overlong.statusCode).toBe(404)
    expect(overlong.json()).toEqual({ error: { code: 'NOT_FOUND', message: '记录不存在或无权查看', details: [] } })
    const broken = await server.app.inject({ method: 'GET', url: '/api/v1/households/%E0%A4%A' })
    expect(broken.statusCode).toBe(400)
    expect(broken.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: '网址格式不正确', details: [] } })
  })
})
