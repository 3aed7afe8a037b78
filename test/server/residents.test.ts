import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, login, seedWorld, TOWNSHIP, uuid, VILLAGE } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, mutation, push } from './mutationBuilders'
import { CLEAN_JPEG, SECRETS, TINY_PNG, jpegWithMetadata, pngWithMetadata, uploadOf } from './residentFixtures'
import type { PullResponse } from '../../server/src/modules/sync/schemas'
import { VillageFactsRepository } from '../../server/src/modules/dashboard/villageFactsRepository'
import { currentQuarter, periodInstants, yearInChina } from '../../src/core/period'

type Auth = { authorization: string }

const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret' }
const PHONE = '13812345678'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

describe.each(databases())('residents on %s', (dialect: TestDialect) => {
  let wechat: TestServer
  let server: TestServer
  let worker: Auth
  let workerB: Auth
  const household = uuid()
  const withPhone = uuid()
  const withoutPhone = uuid()
  const otherHousehold = uuid()
  const otherMember = uuid()

  beforeAll(async () => {
    wechat = await startServer('sqlite', { ...WECHAT, wechatStandIn: true })
    const wechatApiBase = `${await wechat.app.listen({ port: 0, host: '127.0.0.1' })}/wechat-stand-in`
    server = await startServer(dialect, { ...WECHAT, wechatApiBase })
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
    workerB = await login(server, 'workerB')
    const results = await push(server, worker, [
      householdUpsert({ id: household, gridId: GRID_A, address: { group: '三组', building: '5', door: '301' } }),
      memberUpsert({ id: withPhone, householdId: household, name: '张小明', phone: PHONE }),
      memberUpsert({ id: withoutPhone, householdId: household, name: '李秀英' }),
      householdUpsert({ id: otherHousehold, gridId: GRID_A }),
      memberUpsert({ id: otherMember, householdId: otherHousehold, name: '王建国' })
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied'])
  })
  afterAll(async () => {
    await server.close()
    await wechat.close()
  })

  /** A resident: an unbound WeChat session of its own openid. */
  async function resident(openid = `o-${uuid()}`): Promise<Auth> {
    const { token } = await server.app.sessions.create({ userId: null, wechatOpenid: openid })
    return { authorization: `Bearer ${token}` }
  }

  async function invite(auth: Auth = worker, householdId = household): Promise<string> {
    const response = await server.app.inject({ method: 'POST', url: `/api/v1/households/${householdId}/invites`, headers: auth })
    expect(response.statusCode).toBe(201)
    return response.json().token
  }

  const lookup = (token: string, remoteAddress = '10.0.0.1') => server.app.inject({ method: 'GET', url: `/api/v1/invites/${token}`, remoteAddress })
  const submit = (auth: Auth, body: Record<string, unknown>, remoteAddress = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) =>
    server.app.inject({ method: 'POST', url: '/api/v1/certifications', headers: auth, payload: { status: 'registered', alertsOn: true, consent: true, ...body }, remoteAddress })
  const upload = (auth: Auth, bytes: Buffer, remoteAddress = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) => {
    const request = uploadOf(bytes)
    return server.app.inject({ ...request, headers: { ...request.headers, ...auth }, remoteAddress })
  }

  describe('invitations', () => {
    it('are created for a grid worker’s household and show the village, the address and members masked', async () => {
      const response = await server.app.inject({ method: 'POST', url: `/api/v1/households/${household}/invites`, headers: worker })
      const created = response.json()
      expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(created.path).toBe(`packages/resident/pages/invite/index?token=${created.token}`)
      expect(Date.parse(created.expiresAt) - server.clock.now.getTime()).toBe(30 * 24 * 3600 * 1000)
      const opened = await lookup(created.token)
      expect(opened.statusCode).toBe(200)
      expect(opened.json()).toEqual({
        village: { name: '商会社区居委会' },
        addressMasked: '三组 5栋 ***',
        // Same birth year, neither the head: by name in code-point order (张 U+5F20 before 李 U+674E).
        members: [
          { id: withPhone, nameMasked: '张*明', needsPhoneLast4: true },
          { id: withoutPhone, nameMasked: '李*英', needsPhoneLast4: false }
        ]
      })
      expect(opened.body).not.toContain('301')
    })

    it('are refused for a household outside the worker’s grids', async () => {
      const response = await server.app.inject({ method: 'POST', url: `/api/v1/households/${household}/invites`, headers: workerB })
      expect(response.statusCode).toBe(404)
    })

    it('answer 404 once expired, revoked or unknown', async () => {
      const token = await invite()
      const revoked = await invite()
      expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/invites/${revoked}`, headers: workerB })).statusCode).toBe(404)
      expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/invites/${revoked}`, headers: worker })).statusCode).toBe(204)
      expect((await lookup(revoked)).statusCode).toBe(404)
      expect((await lookup('A'.repeat(32))).statusCode).toBe(404)
      expect((await submit(await resident(), { inviteToken: revoked, memberId: withoutPhone })).statusCode).toBe(404)
      const saved = server.clock.now
      server.clock.now = new Date(saved.getTime() + 30 * 24 * 3600 * 1000 + 1000)
      try {
        const expired = await lookup(token)
        expect(expired.statusCode).toBe(404)
        expect(expired.json().error.message).toContain('邀请')
      } finally {
        server.clock.now = saved
      }
      expect((await lookup(token)).statusCode).toBe(200)
    })

    it('give a 小程序码 from WeChat’s wxacode.getUnlimited as a PNG, only while live', async () => {
      const token = await invite()
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/invites/${token}/wxacode`, headers: worker })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('image/png')
      expect(response.rawPayload.subarray(0, 8)).toEqual(PNG_SIGNATURE)
      await server.app.inject({ method: 'DELETE', url: `/api/v1/invites/${token}`, headers: worker })
      expect((await server.app.inject({ method: 'GET', url: `/api/v1/invites/${token}/wxacode`, headers: worker })).statusCode).toBe(404)
    })

    it('look-ups are rate-limited per client address', async () => {
      const token = await invite()
      const statuses: number[] = []
      for (let i = 0; i < 31; i += 1) statuses.push((await lookup(token, '10.9.9.9')).statusCode)
      expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true)
      expect(statuses[30]).toBe(429)
      expect((await lookup(token, '10.9.9.10')).statusCode).toBe(200)
    })
  })

  describe('certifications', () => {
    it('refuse a member of another household', async () => {
      const response = await submit(await resident(), { inviteToken: await invite(), memberId: otherMember })
      expect(response.statusCode).toBe(404)
    })

    it('ask for the last four digits where a phone is on file, refuse wrong ones, and stop guessing', async () => {
      const token = await invite()
      const me = await resident()
      const missing = await submit(me, { inviteToken: token, memberId: withPhone })
      expect(missing.statusCode).toBe(400)
      expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '手机号后4位必须填写（该成员登记了手机号）', details: [{ field: 'phoneLast4' }] })
      const wrong = await submit(me, { inviteToken: token, memberId: withPhone, phoneLast4: '0000' })
      expect(wrong.statusCode).toBe(400)
      expect(wrong.json().error.message).toBe('手机号后4位不正确')
      const right = await submit(me, { inviteToken: token, memberId: withPhone, phoneLast4: '5678' })
      expect(right.statusCode).toBe(201)
      expect(right.json()).toEqual({ id: expect.any(String), state: 'pending' })

      const guesser = await resident()
      for (let i = 0; i < 5; i += 1) expect((await submit(guesser, { inviteToken: token, memberId: withPhone, phoneLast4: `000${i}` })).statusCode).toBe(400)
      const locked = await submit(guesser, { inviteToken: token, memberId: withPhone, phoneLast4: '5678' })
      expect(locked.statusCode).toBe(429)
    })

    it('need consent and name the field that is wrong', async () => {
      const response = await submit(await resident(), { inviteToken: await invite(), memberId: withoutPhone, consent: false })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.message).toContain('隐私保护指引')
    })

    it('are limited per resident', async () => {
      const token = await invite()
      const me = await resident()
      for (let i = 0; i < 10; i += 1) expect((await submit(me, { inviteToken: token, memberId: withoutPhone })).statusCode).toBe(201)
      const over = await submit(me, { inviteToken: token, memberId: withoutPhone })
      expect(over.statusCode).toBe(429)
      expect(over.json().error.message).toContain('每天')
    })

    it('are refused to staff sessions, and a resident reads nothing but invitations and their own', async () => {
      expect((await submit(worker, { inviteToken: await invite(), memberId: withoutPhone })).statusCode).toBe(403)
      const me = await resident()
      for (const url of [`/api/v1/households/${household}`, `/api/v1/sync/pull?grid=${GRID_A}`, `/api/v1/certifications?grid=${GRID_A}`]) {
        expect((await server.app.inject({ method: 'GET', url, headers: me })).statusCode).toBe(403)
      }
    })
  })

  describe('uploads', () => {
    it('strip EXIF, XMP and comments from a JPEG, byte for byte, and serve it to the household’s reviewers only', async () => {
      const me = await resident()
      const dirty = jpegWithMetadata()
      expect(dirty.toString('latin1')).toContain(SECRETS[0])
      const uploaded = await upload(me, dirty)
      expect(uploaded.statusCode).toBe(201)
      const uploadId = uploaded.json().id
      // Not attached yet: nobody reads it.
      expect((await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${uploadId}`, headers: worker })).statusCode).toBe(404)
      expect((await submit(me, { inviteToken: await invite(), memberId: withoutPhone, uploadId })).statusCode).toBe(201)
      const read = await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${uploadId}`, headers: worker })
      expect(read.statusCode).toBe(200)
      expect(read.headers['content-type']).toBe('image/jpeg')
      expect(read.rawPayload.equals(CLEAN_JPEG)).toBe(true)
      expect((await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${uploadId}`, headers: workerB })).statusCode).toBe(404)
    })

    it('strip text and EXIF chunks from a PNG', async () => {
      const me = await resident()
      const uploadId = (await upload(me, pngWithMetadata())).json().id
      expect((await submit(me, { inviteToken: await invite(), memberId: withoutPhone, uploadId })).statusCode).toBe(201)
      const read = await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${uploadId}`, headers: worker })
      expect(read.rawPayload.equals(TINY_PNG)).toBe(true)
      for (const secret of SECRETS) expect(read.rawPayload.includes(Buffer.from(secret))).toBe(false)
    })

    it('judge the type by magic bytes (415) and refuse more than 2 MB (413)', async () => {
      const me = await resident()
      const gif = await upload(me, Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))
      expect(gif.statusCode).toBe(415)
      expect(gif.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
      const truncated = await upload(me, CLEAN_JPEG.subarray(0, 40))
      expect(truncated.statusCode).toBe(415)
      const big = Buffer.concat([CLEAN_JPEG.subarray(0, 2), Buffer.alloc(2 * 1024 * 1024)])
      const tooLarge = await upload(me, big)
      expect(tooLarge.statusCode).toBe(413)
      expect(tooLarge.json().error.code).toBe('TOO_LARGE')
    })

    it('refuse someone else’s upload in a certification', async () => {
      const uploadId = (await upload(await resident(), TINY_PNG)).json().id
      expect((await submit(await resident(), { inviteToken: await invite(), memberId: withoutPhone, uploadId })).statusCode).toBe(404)
    })

    it('are limited per resident', async () => {
      const me = await resident()
      for (let i = 0; i < 10; i += 1) expect((await upload(me, TINY_PNG)).statusCode).toBe(201)
      const over = await upload(me, TINY_PNG)
      expect(over.statusCode).toBe(429)
      expect(over.json().error.message).toContain('每天')
    })
  })

  describe('review', () => {
    async function pending(): Promise<Array<{ id: string; memberId: string; uploadId: string | null; state: string }>> {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/certifications?grid=${GRID_A}&state=pending`, headers: worker })
      expect(response.statusCode).toBe(200)
      return response.json().items
    }

    async function memberAppOf(memberId: string) {
      const detail = (await server.app.inject({ method: 'GET', url: `/api/v1/households/${household}`, headers: worker })).json()
      return detail.members.find((m: { id: string }) => m.id === memberId).app
    }

    it('accepting sets the member’s status with screenshot evidence; the pull carries the certification', async () => {
      const me = await resident()
      const uploadId = (await upload(me, TINY_PNG)).json().id
      const { id } = (await submit(me, { inviteToken: await invite(), memberId: withoutPhone, uploadId, status: 'installed_unregistered', alertsOn: true })).json()
      expect(uploadId).toEqual(expect.any(String))
      expect((await pending()).find((item) => item.id === id)).toMatchObject({ memberId: withoutPhone, uploadId, state: 'pending' })
      const pulled: PullResponse = (await server.app.inject({ method: 'GET', url: `/api/v1/sync/pull?grid=${GRID_A}&since=0&limit=1000`, headers: worker })).json()
      expect(pulled.changes).toContainEqual(expect.objectContaining({ entity: 'certification', id, op: 'upsert', data: expect.objectContaining({ state: 'pending', memberNameMasked: '李*英' }) }))

      expect((await push(server, workerB, [mutation('certification.review', { certificationId: id, decision: 'accept' })]))[0].error?.code).toBe('NOT_FOUND')
      const [accepted] = await push(server, worker, [mutation('certification.review', { certificationId: id, decision: 'accept' })])
      expect(accepted.status).toBe('applied')
      expect(await memberAppOf(withoutPhone)).toMatchObject({ status: 'installed_unregistered', alertsOn: true, evidence: 'screenshot' })
      expect((await pending()).map((item) => item.id)).not.toContain(id)
      const [again] = await push(server, worker, [mutation('certification.review', { certificationId: id, decision: 'reject', reason: '重复' })])
      expect(again.error?.code).toBe('CONFLICT')
      const mine = (await server.app.inject({ method: 'GET', url: '/api/v1/certifications/mine', headers: me })).json()
      expect(mine.items).toEqual([{ id, memberNameMasked: '李*英', state: 'accepted' }])
    })

    it('never lowers existing evidence', async () => {
      expect((await push(server, worker, [memberApp({ memberId: withPhone, status: 'installed_unregistered', evidence: 'in_person' })]))[0].status).toBe('applied')
      const me = await resident()
      const { id } = (await submit(me, { inviteToken: await invite(), memberId: withPhone, phoneLast4: '5678', status: 'registered' })).json()
      await push(server, worker, [mutation('certification.review', { certificationId: id, decision: 'accept' })])
      expect(await memberAppOf(withPhone)).toMatchObject({ status: 'registered', evidence: 'in_person' })
    })

    it('rejecting needs a reason, which the resident then reads', async () => {
      const me = await resident()
      const { id } = (await submit(me, { inviteToken: await invite(), memberId: withoutPhone })).json()
      const [noReason] = await push(server, worker, [mutation('certification.review', { certificationId: id, decision: 'reject' })])
      expect(noReason.error).toMatchObject({ code: 'VALIDATION_FAILED' })
      expect(noReason.error?.message).toContain('原因')
      const [rejected] = await push(server, worker, [mutation('certification.review', { certificationId: id, decision: 'reject', reason: '截图看不清' })])
      expect(rejected.status).toBe('applied')
      const mine = (await server.app.inject({ method: 'GET', url: '/api/v1/certifications/mine', headers: me })).json()
      expect(mine.items).toEqual([{ id, memberNameMasked: '李*英', state: 'rejected', reason: '截图看不清' }])
      const detail = (await server.app.inject({ method: 'GET', url: `/api/v1/households/${household}`, headers: worker })).json()
      expect(detail.certifications).toContainEqual(expect.objectContaining({ id, memberId: withoutPhone, state: 'rejected', reason: '截图看不清' }))
    })

    it('accepting moves the dashboard tallies with the member’s status, in step with a recount', async () => {
      const own = uuid()
      const adult = uuid()
      const created = await push(server, worker, [
        householdUpsert({ id: own, gridId: GRID_A, address: { group: '九组', door: '1' } }),
        memberUpsert({ id: adult, householdId: own, name: '王大伟', birthYear: 1980, smartphone: 'yes' })
      ])
      expect(created.map((r) => r.status)).toEqual(['applied', 'applied'])
      const { id } = (await submit(await resident(), { inviteToken: await invite(worker, own), memberId: adult, status: 'registered' })).json()
      const tallies = async () => {
        const repository = new VillageFactsRepository(server.database.db)
        const window = periodInstants(currentQuarter(server.clock.now))
        const year = yearInChina(server.clock.now)
        const kept = (await repository.talliesUnder(TOWNSHIP, window, year)).get(VILLAGE)
        expect(kept).toEqual((await repository.scanUnder(TOWNSHIP, window, year)).get(VILLAGE))
        return kept!
      }
      const before = await tallies()
      expect((await push(server, worker, [mutation('certification.review', { certificationId: id, decision: 'accept' })]))[0].status).toBe('applied')
      expect(await tallies()).toEqual({ ...before, registered: before.registered + 1 })
    })
  })
})
