import { buildApp } from '../../server/src/app'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberUpsert, push } from './mutationBuilders'
import { TINY_PNG, uploadOf } from './residentFixtures'

type Auth = { authorization: string }

const PHONE = '13812345678'
const DAY_MS = 24 * 3600 * 1000

/**
 * Residents on H5 (our addition to API.md): POST /auth/invitation makes a browser session that holds
 * one invitation and an identity the server made; wrong phone answers are counted in the database.
 */
describe.each(databases())('browser residents on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth
  const household = uuid()
  const withPhone = uuid()
  const withoutPhone = uuid()

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
    const results = await push(server, worker, [
      householdUpsert({ id: household, gridId: GRID_A }),
      memberUpsert({ id: withPhone, householdId: household, name: '张小明', phone: PHONE }),
      memberUpsert({ id: withoutPhone, householdId: household, name: '李秀英' })
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
  })
  afterAll(async () => {
    await server.close()
  })

  const randomAddress = () => `10.3.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`

  async function invite(): Promise<string> {
    const response = await server.app.inject({ method: 'POST', url: `/api/v1/households/${household}/invites`, headers: worker })
    expect(response.statusCode).toBe(201)
    return response.json().token
  }

  const signInWith = (inviteToken: unknown, remoteAddress = randomAddress()) =>
    server.app.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { inviteToken }, remoteAddress })

  async function browser(inviteToken: string): Promise<Auth> {
    const response = await signInWith(inviteToken)
    expect(response.statusCode).toBe(200)
    return { authorization: `Bearer ${response.json().token}` }
  }

  const submit = (auth: Auth, body: Record<string, unknown>, app = server.app) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/certifications',
      headers: auth,
      payload: { status: 'registered', alertsOn: true, consent: true, ...body },
      remoteAddress: randomAddress()
    })
  const mine = (auth: Auth) => server.app.inject({ method: 'GET', url: '/api/v1/certifications/mine', headers: auth })
  const revoke = (token: string) => server.app.inject({ method: 'DELETE', url: `/api/v1/invites/${token}`, headers: worker })

  it('sign in with a live invitation as a resident (user null); unknown, revoked or expired → 404, malformed → 400 naming it', async () => {
    const token = await invite()
    const response = await signInWith(token)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ token: expect.any(String), expiresAt: expect.any(String), user: null })
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${response.json().token}` } })
    expect(me.json()).toMatchObject({ id: 'resident', role: 'resident' })

    expect((await signInWith('A'.repeat(32))).statusCode).toBe(404)
    const revoked = await invite()
    expect((await revoke(revoked)).statusCode).toBe(204)
    const refused = await signInWith(revoked)
    expect(refused.statusCode).toBe(404)
    expect(refused.json().error.message).toContain('邀请')
    const malformed = await signInWith('short')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.details).toEqual([expect.objectContaining({ field: 'inviteToken' })])

    const saved = server.clock.now
    server.clock.now = new Date(saved.getTime() + 30 * DAY_MS + 1000)
    try {
      expect((await signInWith(token)).statusCode).toBe(404)
    } finally {
      server.clock.now = saved
    }
  })

  it('certify only with their own invitation, under an identity of their own (web:<uuid>), and upload as it', async () => {
    const own = await invite()
    const other = await invite()
    const me = await browser(own)
    expect((await submit(me, { inviteToken: other, memberId: withoutPhone })).statusCode).toBe(404)

    const request = uploadOf(TINY_PNG)
    const upload = await server.app.inject({ ...request, headers: { ...request.headers, ...me }, remoteAddress: randomAddress() })
    expect(upload.statusCode).toBe(201)
    const uploadId = upload.json().id
    const created = await submit(me, { inviteToken: own, memberId: withoutPhone, uploadId })
    expect(created.statusCode).toBe(201)

    const row = await server.database.db.selectFrom('certifications').select('resident_openid').where('id', '=', created.json().id).executeTakeFirstOrThrow()
    expect(row.resident_openid).toMatch(/^web:[0-9a-f-]{36}$/)
    const stored = await server.database.db.selectFrom('uploads').select('owner_openid').where('id', '=', uploadId).executeTakeFirstOrThrow()
    expect(stored.owner_openid).toBe(row.resident_openid)

    expect((await mine(me)).json().items).toEqual([expect.objectContaining({ id: created.json().id, state: 'pending', memberNameMasked: '李*英' })])
    // Another browser that opens the same invitation is someone else: it sees none of this, nor can it use the upload.
    const neighbour = await browser(own)
    expect((await mine(neighbour)).json().items).toEqual([])
    expect((await submit(neighbour, { inviteToken: own, memberId: withoutPhone, uploadId })).statusCode).toBe(404)
  })

  it('end no later than their invitation, and at once when it is revoked', async () => {
    const token = await invite()
    const invitation = await server.database.db.selectFrom('invites').select('expires_at').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    const saved = server.clock.now
    try {
      // A day before the invitation expires, the session's 7 idle days are cut to that day.
      server.clock.now = new Date(saved.getTime() + 29 * DAY_MS)
      const response = await signInWith(token)
      expect(response.json().expiresAt).toBe(invitation.expires_at)
      const me = { authorization: `Bearer ${response.json().token}` }
      expect((await mine(me)).statusCode).toBe(200)
      // Used again later, the sliding expiry still stops at the invitation's.
      server.clock.now = new Date(saved.getTime() + 29 * DAY_MS + 12 * 3600 * 1000)
      expect((await mine(me)).statusCode).toBe(200)
      const session = await server.database.db.selectFrom('sessions').select('expires_at').where('resident_key', 'is not', null).orderBy('last_seen_at', 'desc').executeTakeFirstOrThrow()
      expect(session.expires_at).toBe(invitation.expires_at)
      server.clock.now = new Date(saved.getTime() + 30 * DAY_MS + 1000)
      expect((await mine(me)).statusCode).toBe(401)
    } finally {
      server.clock.now = saved
    }

    const revoked = await invite()
    const me = await browser(revoked)
    expect((await mine(me)).statusCode).toBe(200)
    expect((await revoke(revoked)).statusCode).toBe(204)
    expect((await mine(me)).statusCode).toBe(401)
    expect((await submit(me, { inviteToken: revoked, memberId: withoutPhone })).statusCode).toBe(401)
  })

  it('cannot bind a staff invitation: only WeChat identities bind', async () => {
    const me = await browser(await invite())
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', headers: me, payload: { inviteCode: 'ABCD-EFGH' } })
    expect(response.statusCode).toBe(403)
  })

  it('count wrong phone answers per invitation too, since a new browser identity is one sign-in away', async () => {
    const token = await invite()
    const first = await browser(token)
    for (let i = 0; i < 3; i += 1) expect((await submit(first, { inviteToken: token, memberId: withPhone, phoneLast4: `100${i}` })).statusCode).toBe(400)
    const second = await browser(token)
    for (let i = 0; i < 2; i += 1) expect((await submit(second, { inviteToken: token, memberId: withPhone, phoneLast4: `200${i}` })).statusCode).toBe(400)
    const third = await browser(token)
    expect((await submit(third, { inviteToken: token, memberId: withPhone, phoneLast4: '5678' })).statusCode).toBe(429)
    // The day passes: the right answer goes through.
    const saved = server.clock.now
    server.clock.now = new Date(saved.getTime() + DAY_MS + 1000)
    try {
      expect((await submit(third, { inviteToken: token, memberId: withPhone, phoneLast4: '5678' })).statusCode).toBe(201)
    } finally {
      server.clock.now = saved
    }
  })

  it('keep the wrong-answer count when the server restarts', async () => {
    const token = await invite()
    const { token: session } = await server.app.sessions.create({ userId: null, wechatOpenid: `o-${uuid()}` })
    const me = { authorization: `Bearer ${session}` }
    for (let i = 0; i < 5; i += 1) expect((await submit(me, { inviteToken: token, memberId: withPhone, phoneLast4: `300${i}` })).statusCode).toBe(400)
    const restarted = await buildApp({ config: server.config, database: server.database, cipher: server.app.cipher, now: () => server.clock.now })
    try {
      await restarted.ready()
      const locked = await submit(me, { inviteToken: token, memberId: withPhone, phoneLast4: '5678' }, restarted)
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.message).toContain('手机号后4位错误次数过多')
    } finally {
      await restarted.close()
    }
  })

  it('cannot upload a screenshot in production, where WeChat’s content check takes only a WeChat identity', async () => {
    const production = await buildApp({
      config: { ...server.config, production: true },
      database: server.database,
      cipher: server.app.cipher,
      now: () => server.clock.now
    })
    try {
      await production.ready()
      const token = await invite()
      const signedIn = await production.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { inviteToken: token }, remoteAddress: randomAddress() })
      const inBrowser = { authorization: `Bearer ${signedIn.json().token}` }
      const upload = uploadOf(TINY_PNG)
      const refused = await production.inject({ ...upload, headers: { ...upload.headers, ...inBrowser }, remoteAddress: randomAddress() })
      expect(refused.statusCode).toBe(403)
      expect(refused.json().error.message).toContain('在浏览器中不能上传截图')
      // Certifying without a screenshot still works in the browser.
      expect((await submit(inBrowser, { inviteToken: token, memberId: withoutPhone }, production)).statusCode).toBe(201)
    } finally {
      await production.close()
    }
  })

  it('sign-ins are rate-limited per client address', async () => {
    const token = await invite()
    const statuses: number[] = []
    for (let i = 0; i < 61; i += 1) statuses.push((await signInWith(token, '10.8.8.8')).statusCode)
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true)
    expect(statuses[60]).toBe(429)
    expect((await signInWith(token, '10.8.8.9')).statusCode).toBe(200)
  })
})
