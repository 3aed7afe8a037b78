import { databases, startServer, type TestServer } from './harness'
import { GRID_A, GRID_B, login, PASSWORD, seedWorld, USERS, VILLAGE } from './fixtures'
import { createStaffInvite } from '../../server/src/modules/auth/staffInvites'
import { WechatClient } from '../../server/src/modules/auth/wechat'

// scrypt is slow on purpose and some tests log in a dozen times; busy machines need more than 5 s.
jest.setTimeout(30_000)

const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret' }
const HOUR = 3600 * 1000

function advance(server: TestServer, ms: number): void {
  server.clock.now = new Date(server.clock.now.getTime() + ms)
}

async function passwordLogin(server: TestServer, username: string, password: string, remoteAddress = '127.0.0.1') {
  return server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username, password }, remoteAddress })
}

async function wechatLogin(server: TestServer, code: string) {
  return server.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code } })
}

async function wechatToken(server: TestServer, openid: string): Promise<{ authorization: string }> {
  const response = await wechatLogin(server, `demo:${openid}`)
  expect(response.statusCode).toBe(200)
  return { authorization: `Bearer ${response.json().token}` }
}

async function me(server: TestServer, headers: { authorization: string }) {
  return server.app.inject({ method: 'GET', url: '/api/v1/me', headers })
}

async function bind(server: TestServer, headers: { authorization: string }, inviteCode: string) {
  return server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', headers, payload: { inviteCode } })
}

describe.each(databases())('auth on %s', (dialect) => {
  /** A second server plays WeChat: the main server reaches its stand-in over real HTTP. */
  let wechat: TestServer
  let wechatBase: string
  let server: TestServer

  beforeAll(async () => {
    wechat = await startServer(dialect, { ...WECHAT, wechatStandIn: true })
    wechatBase = `${await wechat.app.listen({ port: 0, host: '127.0.0.1' })}/wechat-stand-in`
  })
  afterAll(async () => {
    await wechat.close()
  })

  beforeEach(async () => {
    server = await startServer(dialect, { ...WECHAT, wechatApiBase: wechatBase })
    await seedWorld(server.database.db)
  })
  afterEach(async () => {
    await server.close()
  })

  describe('password login', () => {
    it('answers a token that expires after 12 idle hours and the user with role and scope', async () => {
      const response = await passwordLogin(server, 'worker', PASSWORD)
      expect(response.statusCode).toBe(200)
      const body = response.json()
      expect(body.token).toEqual(expect.any(String))
      expect(body.expiresAt).toBe(new Date(server.clock.now.getTime() + 12 * HOUR).toISOString())
      expect(body.user).toEqual({ id: USERS.worker.id, name: '张小明', role: 'grid_worker', scope: { regionCode: VILLAGE, gridIds: [GRID_A] } })
      const self = await me(server, { authorization: `Bearer ${body.token}` })
      expect(self.json()).toEqual(body.user)
    })

    it('refuses a wrong password and an unknown account with the same 401', async () => {
      const wrongPassword = await passwordLogin(server, 'official', 'not-the-password')
      const unknownAccount = await passwordLogin(server, 'nobody', PASSWORD)
      expect(wrongPassword.statusCode).toBe(401)
      expect(unknownAccount.statusCode).toBe(401)
      expect(wrongPassword.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: '账号或密码错误', details: [] } })
      expect(unknownAccount.json()).toEqual(wrongPassword.json())
    })

    it('refuses a disabled account as if it did not exist', async () => {
      await server.database.db.updateTable('users').set({ disabled_at: '2026-11-10T00:00:00.000Z' }).where('id', '=', USERS.official.id).execute()
      const response = await passwordLogin(server, 'official', PASSWORD)
      expect(response.statusCode).toBe(401)
      expect(response.json().error.message).toBe('账号或密码错误')
    })

    it('locks the account for 15 minutes after 5 failures, even against the right password', async () => {
      for (let i = 0; i < 4; i++) expect((await passwordLogin(server, 'official', `wrong-${i}`)).statusCode).toBe(401)
      const fifth = await passwordLogin(server, 'official', 'wrong-4')
      expect(fifth.statusCode).toBe(429)
      expect(fifth.json().error).toEqual({ code: 'RATE_LIMITED', message: '密码连续错误5次，账号已锁定，请15分钟后再试', details: [] })

      const rightPassword = await passwordLogin(server, 'official', PASSWORD)
      expect(rightPassword.statusCode).toBe(429)
      advance(server, 14 * 60 * 1000)
      const stillLocked = await passwordLogin(server, 'official', PASSWORD)
      expect(stillLocked.statusCode).toBe(429)
      expect(stillLocked.json().error.message).toContain('请1分钟后再试')
      // Other accounts are not affected.
      expect((await passwordLogin(server, 'village', PASSWORD)).statusCode).toBe(200)

      advance(server, 60 * 1000)
      expect((await passwordLogin(server, 'official', PASSWORD)).statusCode).toBe(200)
    })

    it('locks an unknown name exactly like a real account, so the lockout cannot reveal who exists', async () => {
      const answers = async (username: string) => {
        const seen: unknown[] = []
        for (let i = 0; i < 6; i++) {
          const response = await passwordLogin(server, username, `wrong-${i}`)
          seen.push({ status: response.statusCode, body: response.json() })
        }
        return seen
      }
      const unknown = await answers('no-such-official')
      expect(unknown.map((answer) => (answer as { status: number }).status)).toEqual([401, 401, 401, 401, 429, 429])
      expect(await answers('official')).toEqual(unknown)
      const stored = await server.database.db.selectFrom('login_failures').selectAll().execute()
      // Per name, and per name and address, for each of the two names; none of them in clear.
      expect(stored).toHaveLength(4)
      expect(JSON.stringify(stored)).not.toContain('official')
      expect(JSON.stringify(stored)).not.toContain('127.0.0.1')
    })

    it('warns at the 4th wrong password that the next one locks for 15 minutes', async () => {
      for (let i = 0; i < 3; i++) expect((await passwordLogin(server, 'official', `wrong-${i}`)).json().error.message).toBe('账号或密码错误')
      const fourth = await passwordLogin(server, 'official', 'wrong-3')
      expect(fourth.statusCode).toBe(401)
      expect(fourth.json().error.message).toBe('账号或密码错误，再错1次将锁定15分钟')
    })

    it('five wrong passwords from one address do not lock the real user out from another', async () => {
      for (let i = 0; i < 5; i++) await passwordLogin(server, 'official', `wrong-${i}`, '198.51.100.23')
      expect((await passwordLogin(server, 'official', PASSWORD, '198.51.100.23')).statusCode).toBe(429)
      expect((await passwordLogin(server, 'official', PASSWORD, '203.0.113.50')).statusCode).toBe(200)
    })

    it('locks a name everywhere, more slowly, when failures come from many addresses: 1 minute, then doubling', async () => {
      let nextAddress = 10
      const fromManyAddresses = async (failures: number) => {
        const statuses: number[] = []
        for (let i = 0; i < failures; i++) {
          // Four per address, each address used once: never enough to lock an address, so only the per-name count can.
          if (i % 4 === 0) nextAddress++
          const address = `192.0.2.${nextAddress}`
          statuses.push((await passwordLogin(server, 'official', `wrong-${i}`, address)).statusCode)
        }
        return statuses
      }
      const first = await fromManyAddresses(20)
      expect(first.slice(0, 19).every((status) => status === 401)).toBe(true)
      expect(first[19]).toBe(429)
      const locked = await passwordLogin(server, 'official', PASSWORD, '203.0.113.99')
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.message).toBe('该账号近期密码错误次数过多，已暂时锁定，请1分钟后再试')

      advance(server, 60 * 1000)
      expect((await fromManyAddresses(20))[19]).toBe(429)
      expect((await passwordLogin(server, 'official', PASSWORD, '203.0.113.99')).json().error.message).toContain('请2分钟后再试')
      advance(server, 2 * 60 * 1000)
      // A success ends the back-off.
      expect((await passwordLogin(server, 'official', PASSWORD, '203.0.113.99')).statusCode).toBe(200)
      expect((await fromManyAddresses(20))[19]).toBe(429)
      expect((await passwordLogin(server, 'official', PASSWORD, '203.0.113.99')).json().error.message).toContain('请1分钟后再试')
    })

    it('starts counting afresh after a successful login', async () => {
      for (let i = 0; i < 4; i++) expect((await passwordLogin(server, 'official', `wrong-${i}`)).statusCode).toBe(401)
      expect((await passwordLogin(server, 'official', PASSWORD)).statusCode).toBe(200)
      for (let i = 0; i < 4; i++) expect((await passwordLogin(server, 'official', `wrong-${i}`)).statusCode).toBe(401)
      expect((await passwordLogin(server, 'official', PASSWORD)).statusCode).toBe(200)
    })

    it('limits attempts per client address to 20 a minute, counting every request before any check', async () => {
      for (let i = 0; i < 20; i++) {
        const malformed = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: {}, remoteAddress: '203.0.113.7' })
        expect(malformed.statusCode).toBe(400)
      }
      const limited = await passwordLogin(server, 'official', PASSWORD, '203.0.113.7')
      expect(limited.statusCode).toBe(429)
      expect(limited.json().error.code).toBe('RATE_LIMITED')
      expect((await passwordLogin(server, 'official', PASSWORD, '203.0.113.8')).statusCode).toBe(200)
    })

    it('ignores X-Forwarded-For unless WUZHA_TRUST_PROXY is set: a client cannot pick the address it is limited by', async () => {
      for (let i = 0; i < 20; i++) {
        const headers = { 'x-forwarded-for': `198.18.0.${i}` }
        await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: {}, headers, remoteAddress: '203.0.113.9' })
      }
      const limited = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { username: 'official', password: PASSWORD },
        headers: { 'x-forwarded-for': '198.18.0.200' },
        remoteAddress: '203.0.113.9'
      })
      expect(limited.statusCode).toBe(429)
    })

    it('believes X-Forwarded-For from the configured proxy: lockouts then follow the real client address', async () => {
      const behindProxy = await startServer(dialect, { ...WECHAT, wechatApiBase: wechatBase, trustProxy: '10.0.0.1' })
      try {
        await seedWorld(behindProxy.database.db)
        const viaProxy = (client: string, password: string) =>
          behindProxy.app.inject({
            method: 'POST',
            url: '/api/v1/auth/password',
            payload: { username: 'official', password },
            headers: { 'x-forwarded-for': client },
            remoteAddress: '10.0.0.1'
          })
        for (let i = 0; i < 5; i++) await viaProxy('198.51.100.7', `wrong-${i}`)
        expect((await viaProxy('198.51.100.7', PASSWORD)).statusCode).toBe(429)
        expect((await viaProxy('198.51.100.8', PASSWORD)).statusCode).toBe(200)
      } finally {
        await behindProxy.close()
      }
    })

    it('rejects unknown and missing fields with Chinese messages naming the field', async () => {
      const unknownField = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { username: 'admin', password: PASSWORD, role: 'admin' }
      })
      expect(unknownField.statusCode).toBe(400)
      expect(unknownField.json().error.code).toBe('VALIDATION_FAILED')
      expect(unknownField.json().error.message).toBe('请求内容不支持的字段：role')

      const missing = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: ' ' } })
      expect(missing.statusCode).toBe(400)
      expect(missing.json().error.details).toEqual([
        { field: 'username', message: '账号不能为空' },
        { field: 'password', message: '密码必须填写' }
      ])
      expect(missing.json().error.message).toBe('账号不能为空（另有1处错误）')
    })
  })

  describe('sessions', () => {
    it('logout answers 204 and the token stops working at once', async () => {
      const headers = await login(server, 'official')
      const logout = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })
      expect(logout.statusCode).toBe(204)
      expect(logout.body).toBe('')
      const after = await me(server, headers)
      expect(after.statusCode).toBe(401)
      expect(after.json().error).toEqual({ code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录', details: [] })
      expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(401)
    })

    it('logout from the mini-program (JSON content type, empty body, as wx.request sends it) ends the session', async () => {
      const headers = await login(server, 'official')
      const logout = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: ''
      })
      expect(logout.statusCode).toBe(204)
      expect((await me(server, headers)).statusCode).toBe(401)
    })

    it('a malformed JSON body is still a 400 with a Chinese message', async () => {
      const headers = await login(server, 'official')
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"a":'
      })
      expect(response.statusCode).toBe(400)
      expect(response.json().error).toEqual({ code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON', details: [] })
    })

    it('logging out one session leaves the same user’s other sessions alive', async () => {
      const first = await login(server, 'official')
      const second = await login(server, 'official')
      await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: first })
      expect((await me(server, second)).statusCode).toBe(200)
    })

    it('a password session expires after 12 idle hours, and use pushes the expiry forward', async () => {
      const headers = await login(server, 'official')
      advance(server, 11 * HOUR)
      expect((await me(server, headers)).statusCode).toBe(200)
      advance(server, 11 * HOUR)
      expect((await me(server, headers)).statusCode).toBe(200)
      advance(server, 12 * HOUR + 60 * 1000)
      const expired = await me(server, headers)
      expect(expired.statusCode).toBe(401)
      expect(expired.json().error.message).toBe('登录已过期，请重新登录')
    })

    it('refuses a missing or unknown token', async () => {
      const missing = await server.app.inject({ method: 'GET', url: '/api/v1/me' })
      expect(missing.statusCode).toBe(401)
      expect(missing.json().error.message).toBe('请先登录')
      expect((await me(server, { authorization: 'Bearer not-a-token' })).statusCode).toBe(401)
    })
  })

  describe('WeChat login', () => {
    it('an unbound WeChat identity gets a 7-day resident session that staff routes refuse', async () => {
      const response = await wechatLogin(server, 'demo:o-resident-1')
      expect(response.statusCode).toBe(200)
      const body = response.json()
      expect(body.user).toBeNull()
      expect(body.expiresAt).toBe(new Date(server.clock.now.getTime() + 7 * 24 * HOUR).toISOString())
      expect(response.body).not.toContain('session_key')
      const headers = { authorization: `Bearer ${body.token}` }
      expect((await me(server, headers)).json()).toEqual({ id: 'resident', name: '居民', role: 'resident', scope: {} })
      const staffRoute = await server.app.inject({ method: 'GET', url: `/api/v1/regions/${VILLAGE}`, headers })
      expect(staffRoute.statusCode).toBe(403)
      expect(staffRoute.json().error.message).toBe('请先绑定工作人员邀请码')
    })

    it('a code WeChat refuses answers 401 in Chinese', async () => {
      const response = await wechatLogin(server, 'not-a-demo-code')
      expect(response.statusCode).toBe(401)
      expect(response.json().error).toEqual({ code: 'UNAUTHENTICATED', message: '微信登录凭证无效或已过期，请重新进入小程序', details: [] })
    })

    it('rejects an unknown body field', async () => {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'demo:x', openid: 'x' } })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.message).toBe('请求内容不支持的字段：openid')
    })
  })

  describe('binding a staff invitation', () => {
    async function inviteGridWorker(ttlDays = 7): Promise<string> {
      const { code } = await createStaffInvite(server.database.db, server.app.cipher, {
        name: '孙网格',
        role: 'grid_worker',
        scopeRegionCode: VILLAGE,
        gridIds: [GRID_B],
        createdBy: USERS.village.id,
        ttlDays,
        now: server.clock.now
      })
      return code
    }

    it('turns the resident session into the invited grid worker, once', async () => {
      const code = await inviteGridWorker()
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/)
      const headers = await wechatToken(server, 'o-new-worker')

      // Typed back in lower case without the dash, as people do.
      const bound = await bind(server, headers, code.toLowerCase().replace('-', ' '))
      expect(bound.statusCode).toBe(200)
      const user = bound.json().user
      expect(user).toEqual({ id: expect.any(String), name: '孙网格', role: 'grid_worker', scope: { regionCode: VILLAGE, gridIds: [GRID_B] } })

      // The same token is now the worker's, with the worker's scope.
      expect((await me(server, headers)).json()).toEqual(user)
      const grids = await server.app.inject({ method: 'GET', url: `/api/v1/grids?village=${VILLAGE}`, headers })
      expect(grids.json().items.map((g: { id: string }) => g.id)).toEqual([GRID_B])

      const again = await bind(server, headers, code)
      expect(again.statusCode).toBe(409)
      expect(again.json().error.code).toBe('CONFLICT')

      // A later WeChat login of the same identity is the worker straight away.
      const relogin = await wechatLogin(server, 'demo:o-new-worker')
      expect(relogin.json().user).toEqual(user)

      // The code is spent: someone else cannot use it.
      const other = await bind(server, await wechatToken(server, 'o-someone-else'), code)
      expect(other.statusCode).toBe(404)
      expect(other.json().error).toEqual({ code: 'NOT_FOUND', message: '邀请码无效或已过期', details: [] })
    })

    it('refuses a second invitation for an identity bound from another session', async () => {
      const first = await wechatToken(server, 'o-twice')
      const second = await wechatToken(server, 'o-twice')
      expect((await bind(server, first, await inviteGridWorker())).statusCode).toBe(200)
      const response = await bind(server, second, await inviteGridWorker())
      expect(response.statusCode).toBe(409)
    })

    it('refuses unknown and expired codes with 404', async () => {
      const headers = await wechatToken(server, 'o-late')
      expect((await bind(server, headers, 'AAAA-BBBB')).statusCode).toBe(404)
      const code = await inviteGridWorker(1)
      advance(server, 24 * HOUR + 1000)
      const expired = await bind(server, headers, code)
      expect(expired.statusCode).toBe(404)
      expect(expired.json().error.message).toBe('邀请码无效或已过期')
      expect((await me(server, headers)).json().role).toBe('resident')
    })

    it('refuses a password session with 403', async () => {
      const response = await bind(server, await login(server, 'village'), await inviteGridWorker())
      expect(response.statusCode).toBe(403)
      expect(response.json().error).toEqual({ code: 'FORBIDDEN', message: '请在微信小程序中使用邀请码', details: [] })
    })

    it('needs a session and a well-formed body', async () => {
      const anonymous = await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', payload: { inviteCode: 'AAAA-BBBB' } })
      expect(anonymous.statusCode).toBe(401)
      const headers = await wechatToken(server, 'o-body')
      const empty = await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', headers, payload: { inviteCode: '', name: 'x' } })
      expect(empty.statusCode).toBe(400)
      expect(empty.json().error.details).toEqual(
        expect.arrayContaining([
          { field: 'inviteCode', message: '邀请码不能为空' },
          { field: '', message: '请求内容不支持的字段：name' }
        ])
      )
    })
  })

  describe('WeChat client and stand-in', () => {
    it('no WeChat identity can contain a colon, so none can pass for a browser resident (web:<uuid>)', async () => {
      const response = await wechatLogin(server, 'demo:web:0b5f4e2a-8c6d-4e3d-9c1b-5f4e3d2c1b01')
      expect(response.statusCode).toBe(401)
      expect((await wechatLogin(server, 'demo:o-plain_openid-1')).statusCode).toBe(200)
    })

    it('the stand-in answers jscode2session like WeChat, with a fresh session_key each time', async () => {
      const url = `${wechatBase}/sns/jscode2session?appid=${WECHAT.wechatAppId}&secret=${WECHAT.wechatSecret}&grant_type=authorization_code&js_code=`
      const first = await (await fetch(`${url}demo:o-abc`)).json()
      const second = await (await fetch(`${url}demo:o-abc`)).json()
      expect(first).toEqual({ openid: 'o-abc', session_key: expect.any(String) })
      expect(second.session_key).not.toBe(first.session_key)
      const refused = await fetch(`${url}xyz`)
      expect(refused.status).toBe(200)
      expect(await refused.json()).toEqual({ errcode: 40029, errmsg: 'invalid code' })
    })

    it('the client reports a wrong app secret as a server fault, not a login failure', async () => {
      const client = new WechatClient({ wechatApiBase: wechatBase, wechatAppId: WECHAT.wechatAppId, wechatSecret: 'wrong' })
      await expect(client.openidForCode('demo:o-1')).rejects.toThrow('errcode 40125')
      const right = new WechatClient({ wechatApiBase: `${wechatBase}/`, ...WECHAT })
      await expect(right.openidForCode('demo:o-1')).resolves.toBe('o-1')
    })

    it('is absent unless enabled, and never in production', async () => {
      const path = '/wechat-stand-in/sns/jscode2session?js_code=demo:x'
      expect((await server.app.inject({ method: 'GET', url: path })).statusCode).toBe(404)
      const production = await startServer(dialect, { production: true, wechatStandIn: true })
      try {
        expect((await production.app.inject({ method: 'GET', url: path })).statusCode).toBe(404)
      } finally {
        await production.close()
      }
    })
  })
})
