import packageJson from '../../package.json'
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
    expect(response.json()).toEqual({ ok: true, db: dialect, version: packageJson.version })
  })

  it('describes every registered API route, with its method, in the OpenAPI document at /api/docs', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(response.statusCode).toBe(200)
    const paths: Record<string, Record<string, unknown>> = response.json().paths
    const described = Object.entries(paths).flatMap(([url, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${url}`))
    const registered = server.app.routeTable.map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`)
    expect(registered).toContain('GET /api/v1/sync/pull')
    expect(registered).toContain('POST /api/v1/imports/households')
    expect(described.filter((operation) => operation.includes(' /api/v1/')).sort()).toEqual([...registered].sort())
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
