import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { ConfigError, parseTrustProxy, readConfig } from '../../server/src/config'
import { inlineScriptHashes } from '../../server/src/plugins/external/helmet'
import { loadDataKey } from '../../server/src/crypto/fieldCipher'
import { hashPassword, verifyPassword } from '../../server/src/crypto/passwords'
import { databases, startServer, type TestServer } from './harness'
import { GRID_A, login, seedWorld } from './fixtures'
import { householdUpsert, memberUpsert, push } from './mutationBuilders'

const PHONE = '13912345678'
const ID_NUMBER = '11010519491231002X'

function env(values: Record<string, string>): NodeJS.ProcessEnv {
  return values as unknown as NodeJS.ProcessEnv
}

function configProblems(values: Record<string, string>): string[] {
  try {
    readConfig(env(values))
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('configuration, read once at start', () => {
  it('names every variable that is wrong, without echoing its value', () => {
    const problems = configProblems({
      PORT: 'abc',
      DATABASE_URL: 'mysql://root:s3cret@db/wuzha',
      WUZHA_DATA_KEY: 'too-short-secret',
      WECHAT_API_BASE: 'ftp://api.weixin.qq.com',
      WUZHA_DEMO: 'yes',
      LOG_LEVEL: 'loud'
    })
    expect(problems.map((problem) => problem.split('：')[0]).sort()).toEqual(
      ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'WECHAT_API_BASE', 'WUZHA_DATA_KEY', 'WUZHA_DEMO'].sort()
    )
    expect(problems.join('\n')).not.toMatch(/s3cret|too-short-secret/)
  })

  it('needs the data key and the WeChat app credentials in production', () => {
    expect(configProblems({ NODE_ENV: 'production' })).toEqual([
      'WUZHA_DATA_KEY：生产环境（NODE_ENV=production）必须设置',
      'WECHAT_APPID：生产环境（NODE_ENV=production）必须设置',
      'WECHAT_SECRET：生产环境（NODE_ENV=production）必须设置',
      // The content check of uploaded images (DESIGN §5): WeChat fetches them there and pushes results signed with the token.
      'WUZHA_PUBLIC_URL：生产环境（NODE_ENV=production）必须设置',
      'WECHAT_PUSH_TOKEN：生产环境（NODE_ENV=production）必须设置'
    ])
    const complete = {
      NODE_ENV: 'production',
      WUZHA_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
      WUZHA_PUBLIC_URL: 'https://wuzha.example.cn/',
      WECHAT_PUSH_TOKEN: 'pushToken1'
    }
    expect(readConfig(env(complete))).toMatchObject({
      production: true,
      demo: false,
      wechatStandIn: false,
      trustProxy: false,
      publicUrl: 'https://wuzha.example.cn',
      screenshotRetentionDays: 30
    })
  })

  it('trusts X-Forwarded-For only when WUZHA_TRUST_PROXY says whose', () => {
    expect([undefined, '0', 'false'].map(parseTrustProxy)).toEqual([false, false, false])
    expect(parseTrustProxy('true')).toBe(true)
    expect(parseTrustProxy('1')).toBe(1)
    expect(parseTrustProxy('10.0.0.0/8,127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1')
    expect(readConfig(env({})).trustProxy).toBe(false)
  })

  it('stops the real server at start with the message, not a stack trace', () => {
    const root = path.resolve(__dirname, '../..')
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
      cwd: root,
      env: { ...process.env, PORT: '70000', WUZHA_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-config-')) },
      encoding: 'utf8',
      timeout: 60_000
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('配置错误，服务未启动')
    expect(run.stderr).toContain('PORT：应在1到65535之间')
    expect(run.stderr).not.toContain('    at ')
  }, 60_000)
})

describe('secrets at rest', () => {
  it('generates the field key once, readable by the server’s user only, and reads it back', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-key-')), 'data')
    const key = loadDataKey({ dataKey: null, dataDir })
    expect(key).toHaveLength(32)
    expect((fs.statSync(path.join(dataDir, 'data.key')).mode & 0o777).toString(8)).toBe('600')
    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
    expect(loadDataKey({ dataKey: null, dataDir }).equals(key)).toBe(true)
  })

  it('keeps passwords as salted scrypt hashes', async () => {
    const stored = await hashPassword('wuzha-demo')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    expect(stored).not.toContain('wuzha-demo')
    expect(await hashPassword('wuzha-demo')).not.toBe(stored)
    expect(await verifyPassword('wuzha-demo', stored)).toBe(true)
    expect(await verifyPassword('wuzha-demo!', stored)).toBe(false)
  })
})

describe('the Content-Security-Policy of the H5 app', () => {
  it('allows the built index.html’s inline script by its hash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-h5-'))
    fs.writeFileSync(path.join(dir, 'index.html'), '<head><script>var a=1</script><script src="/js/app.js"></script></head>')
    // echo -n "var a=1" | openssl dgst -sha256 -binary | base64
    expect(inlineScriptHashes(dir)).toEqual(["'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"])
    expect(inlineScriptHashes(null)).toEqual([])
  })
})

describe('the H5 app’s files', () => {
  it('serves the service worker script at the root for revalidation on every update check, the other files with their ordinary caching', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-h5-'))
    fs.mkdirSync(path.join(dir, 'js'))
    fs.writeFileSync(path.join(dir, 'index.html'), '<head><script src="/js/app.1a2b3c4d.js"></script></head>')
    fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    fs.writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js'), 'void 0')
    const server = await startServer('sqlite', { h5Dir: dir })
    try {
      const worker = await server.app.inject({ method: 'GET', url: '/sw.js' })
      expect(worker.statusCode).toBe(200)
      expect(worker.headers['cache-control']).toBe('no-cache')
      expect(worker.headers['content-type']).toMatch(/^(application|text)\/javascript/)
      expect(worker.headers['content-security-policy']).toContain("worker-src 'self'")
      // Matched by route, so a query string changes nothing.
      expect((await server.app.inject({ method: 'GET', url: '/sw.js?v=2' })).headers['cache-control']).toBe('no-cache')
      for (const url of ['/', '/index.html', '/js/app.1a2b3c4d.js']) {
        expect((await server.app.inject({ method: 'GET', url })).headers['cache-control']).toBe('public, max-age=0')
      }
    } finally {
      await server.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe.each(databases())('platform hardening on %s', (dialect) => {
  let server: TestServer
  let log: string[]

  beforeAll(async () => {
    log = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log.push(...String(chunk).split('\n').filter(Boolean))
        done()
      }
    })
    server = await startServer(dialect, {}, { logger: { level: 'info', stream } })
    await seedWorld(server.database.db)
  })
  afterAll(() => server.close())

  it('logs one concise line per request, none per health check, and never a phone or ID number', async () => {
    const worker = await login(server, 'worker')
    const householdId = crypto.randomUUID()
    await push(server, worker, [
      householdUpsert({ id: householdId, gridId: GRID_A }),
      memberUpsert({ id: crypto.randomUUID(), householdId, phone: PHONE, idNumber: ID_NUMBER })
    ])
    log.length = 0
    for (let i = 0; i < 3; i++) await server.app.inject({ method: 'GET', url: '/api/health' })
    const searches = [PHONE, ID_NUMBER, `${PHONE.slice(0, 3)} ${PHONE.slice(3, 7)} ${PHONE.slice(7)}`]
    for (const q of searches) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/households?grid=${GRID_A}&q=${encodeURIComponent(q)}`, headers: worker })
      expect(response.statusCode).toBe(200)
    }
    const failedLogin = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: PHONE, password: ID_NUMBER } })
    expect(failedLogin.statusCode).toBe(401)

    expect(log).toHaveLength(searches.length + 1)
    const text = log.join('\n')
    for (const secret of [PHONE, ID_NUMBER, '12345678', '19491231', '1391234']) expect(text).not.toContain(secret)
    const first = JSON.parse(log[0])
    expect(first).toMatchObject({ method: 'GET', route: '/api/v1/households', query: { grid: GRID_A, q: '[redacted]' }, status: 200, msg: 'request' })
    expect(first).not.toHaveProperty('req')
  })

  it('stores bearer tokens only as hashes', async () => {
    const { authorization } = await login(server, 'official')
    const token = authorization.replace('Bearer ', '')
    const sessions = await server.database.db.selectFrom('sessions').selectAll().execute()
    expect(JSON.stringify(sessions)).not.toContain(token)
    expect(sessions.some((row) => row.token_hash === crypto.createHash('sha256').update(token).digest('hex'))).toBe(true)
  })

  it('sets hardening headers, and no-store on API answers that carry personal data', async () => {
    const worker = await login(server, 'worker')
    const list = await server.app.inject({ method: 'GET', url: `/api/v1/households?grid=${GRID_A}`, headers: worker })
    expect(list.headers['cache-control']).toBe('no-store')
    expect(list.headers['x-content-type-options']).toBe('nosniff')
    expect(list.headers['strict-transport-security']).toContain('max-age=')
    const csp = String(list.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/script-src 'self'(;| 'sha256)/)
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'")
    const health = await server.app.inject({ method: 'GET', url: '/api/health' })
    expect(health.headers['cache-control']).toBeUndefined()
  })

  it('answers a multipart body without a boundary with 400, never 500', async () => {
    const worker = await login(server, 'worker')
    for (const url of [`/api/v1/imports/households?grid=${GRID_A}`, '/api/v1/sync/push']) {
      const response = await server.app.inject({ method: 'POST', url, headers: { ...worker, 'content-type': 'multipart/form-data' }, payload: 'file=x' })
      expect({ url, status: response.statusCode, code: response.json().error.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' })
      expect(response.json().error.message).toContain('boundary')
    }
  })

  if (dialect === 'sqlite') {
    it('keeps the SQLite files readable by the server’s user only (0600)', async () => {
      const worker = await login(server, 'worker')
      await push(server, worker, [householdUpsert({ id: crypto.randomUUID(), gridId: GRID_A })])
      const files = ['wuzha.sqlite', 'wuzha.sqlite-wal', 'wuzha.sqlite-shm'].map((name) => path.join(server.config.dataDir, name))
      for (const file of files) {
        expect({ file: path.basename(file), mode: (fs.statSync(file).mode & 0o777).toString(8) }).toEqual({ file: path.basename(file), mode: '600' })
      }
    })
  }
})
