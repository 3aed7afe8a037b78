import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberUpsert, mutation, push } from './mutationBuilders'
import { CLEAN_JPEG, TINY_PNG, uploadOf } from './residentFixtures'
import { ContentLinks, pushSignature } from '../../server/src/modules/uploads/contentCheck'
import { STAND_IN_RISKY_MARKER } from '../../server/src/modules/wechatStandIn'
import type { ServerConfig } from '../../server/src/config'

/** The audit rows of an action on a target, details parsed. */
async function auditOf(server: TestServer, action: string, target: string) {
  const rows = await server.database.db.selectFrom('audit_log').select(['actor_id', 'result', 'details']).where('action', '=', action).where('target', '=', target).orderBy('seq').execute()
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }))
}


type Auth = { authorization: string }

const PUSH_TOKEN = 'pushTokenForTests1'
const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret', wechatPushToken: PUSH_TOKEN }
const DAY_MS = 24 * 3600 * 1000
/** A JPEG the stand-in judges risky: its marker after the image data, which metadata stripping keeps. */
const RISKY_JPEG = Buffer.concat([CLEAN_JPEG, Buffer.from(STAND_IN_RISKY_MARKER)])

/** A port nobody listens on now, so a server can be told its public address before it listens. */
async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** A WeChat stand-in on its own server, pushing with the same token as the server under test. */
async function startStandIn(port = 0): Promise<{ server: TestServer; apiBase: string }> {
  const server = await startServer('sqlite', { ...WECHAT, wechatStandIn: true })
  return { server, apiBase: `${await server.app.listen({ port, host: '127.0.0.1' })}/wechat-stand-in` }
}

/** The server under test, listening where its WUZHA_PUBLIC_URL says, so the stand-in can fetch images and push. */
async function startChecked(dialect: TestDialect, overrides: Partial<ServerConfig>): Promise<TestServer> {
  const port = await freePort()
  const server = await startServer(dialect, { ...WECHAT, publicUrl: `http://127.0.0.1:${port}`, ...overrides })
  await server.app.listen({ port, host: '127.0.0.1' })
  return server
}

async function resident(server: TestServer, openid = `o-${uuid()}`): Promise<Auth> {
  const { token } = await server.app.sessions.create({ userId: null, wechatOpenid: openid })
  return { authorization: `Bearer ${token}` }
}

function upload(server: TestServer, auth: Auth, bytes: Buffer) {
  const request = uploadOf(bytes)
  return server.app.inject({ ...request, headers: { ...request.headers, ...auth }, remoteAddress: `10.3.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` })
}

async function uploadRow(server: TestServer, id: string) {
  return server.database.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Waits for WeChat's (the stand-in's) pushed verdict, which arrives after the upload's answer. */
async function checkStateOf(server: TestServer, id: string, until: (state: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const { check_state: state } = await uploadRow(server, id)
    if (until(state) || Date.now() > deadline) return state
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
const settled = (state: string) => state !== 'unchecked' && state !== 'pending'

/** A household of GRID_A with one member (no phone), for certifications. */
async function householdWithMember(server: TestServer, worker: Auth): Promise<{ household: string; member: string }> {
  const household = uuid()
  const member = uuid()
  const results = await push(server, worker, [householdUpsert({ id: household, gridId: GRID_A }), memberUpsert({ id: member, householdId: household, name: '赵德芳' })])
  expect(results.map((result) => result.status)).toEqual(['applied', 'applied'])
  return { household, member }
}

async function certify(server: TestServer, worker: Auth, me: Auth, at: { household: string; member: string }, uploadId: string) {
  const invite = await server.app.inject({ method: 'POST', url: `/api/v1/households/${at.household}/invites`, headers: worker })
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/certifications',
    headers: me,
    payload: { inviteToken: invite.json().token, memberId: at.member, status: 'registered', alertsOn: true, consent: true, uploadId },
    remoteAddress: `10.4.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
  })
}

async function listed(server: TestServer, worker: Auth, certificationId: string, state = 'pending') {
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/certifications?grid=${GRID_A}&state=${state}`, headers: worker })
  expect(response.statusCode).toBe(200)
  return response.json().items.find((item: { id: string }) => item.id === certificationId)
}

const signedQuery = (token: string, timestamp = '1764640000', nonce = 'n0nce') =>
  `signature=${pushSignature(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`

describe.each(databases())('WeChat content check of uploads on %s', (dialect: TestDialect) => {
  let wechat: { server: TestServer; apiBase: string }
  let server: TestServer
  let worker: Auth

  beforeAll(async () => {
    wechat = await startStandIn()
    server = await startChecked(dialect, { wechatApiBase: wechat.apiBase })
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(async () => {
    await server.close()
    await wechat.server.close()
  })

  it('passes a clean image through WeChat’s check: the reviewer sees it, with the check’s state', async () => {
    const me = await resident(server)
    const response = await upload(server, me, TINY_PNG)
    expect(response.statusCode).toBe(201)
    const { id } = response.json()
    expect(await checkStateOf(server, id, settled)).toBe('pass')
    expect((await uploadRow(server, id)).check_trace_id).toMatch(/^[0-9a-f]{24}$/)

    const at = await householdWithMember(server, worker)
    const certification = await certify(server, worker, me, at, id)
    expect(certification.statusCode).toBe(201)
    expect(await listed(server, worker, certification.json().id)).toMatchObject({ uploadId: id, uploadCheck: 'pass' })
    const image = await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${id}`, headers: worker })
    expect(image.statusCode).toBe(200)
    expect(image.rawPayload.equals(TINY_PNG)).toBe(true)
  })

  it('deletes a risky image at once and never serves it; the certification is decided as self-declared', async () => {
    const me = await resident(server)
    const response = await upload(server, me, RISKY_JPEG)
    expect(response.statusCode).toBe(201)
    const { id } = response.json()
    const file = path.join(server.config.dataDir, 'uploads', `${id}.jpg`)
    expect(await checkStateOf(server, id, settled)).toBe('risky')
    expect(fs.existsSync(file)).toBe(false)
    expect(await uploadRow(server, id)).toMatchObject({ path: '', size: RISKY_JPEG.length })

    const at = await householdWithMember(server, worker)
    const certification = await certify(server, worker, me, at, id)
    expect(certification.statusCode).toBe(201)
    const certificationId = certification.json().id
    expect(await listed(server, worker, certificationId)).toMatchObject({ uploadId: id, uploadCheck: 'risky' })
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${id}`, headers: worker })).statusCode).toBe(404)
    const link = new ContentLinks(server.app.cipher, server.config.publicUrl!).url(id, server.clock.now)
    expect((await server.app.inject({ method: 'GET', url: link.slice(server.config.publicUrl!.length) })).statusCode).toBe(404)

    const [accepted] = await push(server, worker, [mutation('certification.review', { certificationId, decision: 'accept' })])
    expect(accepted.status).toBe('applied')
    const detail = (await server.app.inject({ method: 'GET', url: `/api/v1/households/${at.household}`, headers: worker })).json()
    expect(detail.members[0].app).toMatchObject({ status: 'registered', evidence: 'self_declared' })
  })

  it('asks again about a check WeChat never answered within an hour, and only then', async () => {
    const { id } = (await upload(server, await resident(server), TINY_PNG)).json()
    await checkStateOf(server, id, settled)
    const asked = (ago: number) => new Date(server.clock.now.getTime() - ago).toISOString()
    const lost = { check_state: 'pending', check_trace_id: `lost-${uuid()}` }
    await server.database.db.updateTable('uploads').set({ ...lost, check_requested_at: asked(59 * 60_000) }).where('id', '=', id).execute()
    expect(await server.app.uploadService.maintain()).toMatchObject({ checksRequested: 0 })
    await server.database.db.updateTable('uploads').set({ check_requested_at: asked(61 * 60_000) }).where('id', '=', id).execute()
    expect(await server.app.uploadService.maintain()).toMatchObject({ checksRequested: 1 })
    expect(await checkStateOf(server, id, settled)).toBe('pass')
    expect((await uploadRow(server, id)).check_trace_id).not.toBe(lost.check_trace_id)
  })

  describe('the signed content link WeChat fetches', () => {
    let id: string
    let links: ContentLinks
    beforeAll(async () => {
      id = (await upload(server, await resident(server), TINY_PNG)).json().id
      links = new ContentLinks(server.app.cipher, server.config.publicUrl!)
    })
    const get = (link: string) => server.app.inject({ method: 'GET', url: link.slice(server.config.publicUrl!.length) })

    it('serves the image while the link is fresh and its signature holds', async () => {
      const response = await get(links.url(id, server.clock.now))
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('image/png')
    })

    it('refuses a forged signature, another upload’s signature and an expired link', async () => {
      const link = new URL(links.url(id, server.clock.now))
      const forged = new URL(link)
      forged.searchParams.set('sig', 'A'.repeat(22))
      expect((await get(forged.toString())).statusCode).toBe(404)
      const other = new URL(link)
      other.pathname = `/api/v1/uploads/${uuid()}/content`
      expect((await get(other.toString())).statusCode).toBe(404)
      const later = new Date(server.clock.now.getTime() + 3601 * 1000)
      const stale = links.url(id, server.clock.now)
      const saved = server.clock.now
      server.clock.now = later
      try {
        expect((await get(stale)).statusCode).toBe(404)
      } finally {
        server.clock.now = saved
      }
    })
  })

  describe('the message push callback', () => {
    /** An upload waiting for WeChat's verdict under a trace id of our choosing. */
    async function pendingUpload(traceId: string): Promise<string> {
      const { id } = (await upload(server, await resident(server), TINY_PNG)).json()
      await checkStateOf(server, id, settled)
      await server.database.db.updateTable('uploads').set({ check_state: 'pending', check_trace_id: traceId }).where('id', '=', id).execute()
      return id
    }
    const event = (traceId: string, suggest: string) => ({ Event: 'wxa_media_check', trace_id: traceId, errcode: 0, result: { suggest, label: 20002 } })

    it('refuses a bad or missing signature and records nothing', async () => {
      const traceId = `trace-${uuid()}`
      const id = await pendingUpload(traceId)
      const attempts: Array<[string, number]> = [
        [signedQuery('notTheToken'), 403],
        [signedQuery(PUSH_TOKEN).replace('nonce=n0nce', 'nonce=other'), 403],
        ['', 400]
      ]
      for (const [query, status] of attempts) {
        const response = await server.app.inject({ method: 'POST', url: `/api/v1/wechat/events?${query}`, payload: event(traceId, 'risky') })
        expect(response.statusCode).toBe(status)
      }
      expect(await uploadRow(server, id)).toMatchObject({ check_state: 'pending' })
      expect((await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${id}/content?expires=1&sig=x` })).statusCode).toBe(404)
    })

    it('records a signed verdict once; a replay changes nothing; an unknown trace id is 404 so WeChat retries', async () => {
      const traceId = `trace-${uuid()}`
      const id = await pendingUpload(traceId)
      const send = (body: Record<string, unknown>) => server.app.inject({ method: 'POST', url: `/api/v1/wechat/events?${signedQuery(PUSH_TOKEN)}`, payload: body })
      const first = await send(event(traceId, 'review'))
      expect(first.statusCode).toBe(200)
      expect(first.body).toBe('success')
      expect(await uploadRow(server, id)).toMatchObject({ check_state: 'review' })
      expect((await send(event(traceId, 'risky'))).statusCode).toBe(200)
      expect(await uploadRow(server, id)).toMatchObject({ check_state: 'review' })
      // Each verdict that counted is audited (the stand-in's first pass, then this one); the replay wrote nothing.
      expect((await auditOf(server, 'upload.check', `upload/${id}`)).map((row) => row.details)).toEqual([{ verdict: 'pass' }, { verdict: 'review' }])
      expect((await send(event('no-such-trace', 'pass'))).statusCode).toBe(404)
      expect((await send({ Event: 'user_enter_tempsession' })).body).toBe('success')
    })

    it('answers WeChat’s URL verification only with a good signature', async () => {
      const good = await server.app.inject({ method: 'GET', url: `/api/v1/wechat/events?${signedQuery(PUSH_TOKEN)}&echostr=hello123` })
      expect(good.statusCode).toBe(200)
      expect(good.body).toBe('hello123')
      const bad = await server.app.inject({ method: 'GET', url: `/api/v1/wechat/events?${signedQuery('wrongToken')}&echostr=hello123` })
      expect(bad.statusCode).toBe(403)
    })
  })
})

describe.each(databases())('WeChat unreachable at upload on %s', (dialect: TestDialect) => {
  let server: TestServer
  let wechat: { server: TestServer; apiBase: string } | null = null
  let wechatPort: number

  beforeAll(async () => {
    wechatPort = await freePort()
    server = await startChecked(dialect, { wechatApiBase: `http://127.0.0.1:${wechatPort}/wechat-stand-in` })
  })
  afterAll(async () => {
    await server.close()
    await wechat?.server.close()
  })

  it('keeps the upload (201, unchecked) and asks again in the maintenance run once WeChat answers', async () => {
    const response = await upload(server, await resident(server), TINY_PNG)
    expect(response.statusCode).toBe(201)
    const { id } = response.json()
    expect(await uploadRow(server, id)).toMatchObject({ check_state: 'unchecked', check_trace_id: null })
    expect(await server.app.uploadService.maintain()).toMatchObject({ checksRequested: 0 })
    expect(await uploadRow(server, id)).toMatchObject({ check_state: 'unchecked' })

    wechat = await startStandIn(wechatPort)
    expect(await server.app.uploadService.maintain()).toMatchObject({ checksRequested: 1 })
    expect(await checkStateOf(server, id, settled)).toBe('pass')
    expect(await server.app.uploadService.maintain()).toMatchObject({ checksRequested: 0 })
  })
})

describe.each(databases())('screenshot retention on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth

  beforeAll(async () => {
    // No WUZHA_PUBLIC_URL: the content check is off, as in development.
    server = await startServer(dialect, { ...WECHAT, screenshotRetentionDays: 30 })
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(() => server.close())

  /** Moves the clock; the worker signs in again, as an idle session expires meanwhile. */
  const at = async (ms: number) => {
    server.clock.now = new Date(ms)
    worker = await login(server, 'worker')
  }
  const imageStatus = async (id: string) => (await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${id}`, headers: worker })).statusCode

  it('deletes a reviewed screenshot after the retention period, keeping its sha256 and size', async () => {
    const start = server.clock.now.getTime()
    const me = await resident(server)
    const { id } = (await upload(server, me, TINY_PNG)).json()
    expect(await uploadRow(server, id)).toMatchObject({ check_state: 'unchecked' })
    const stored = await uploadRow(server, id)
    expect(await auditOf(server, 'upload.create', `upload/${id}`)).toEqual([{ actor_id: null, result: 'success', details: { mime: 'image/png', size: stored.size } }])
    const place = await householdWithMember(server, worker)
    const certificationId = (await certify(server, worker, me, place, id)).json().id
    // Still pending long after: never purged before its review.
    await at(start + 60 * DAY_MS)
    await server.app.uploadService.maintain()
    expect(await imageStatus(id)).toBe(200)

    const [decided] = await push(server, worker, [mutation('certification.review', { certificationId, decision: 'reject', reason: '截图不清晰' })])
    expect(decided.status).toBe('applied')
    await at(start + 60 * DAY_MS + 30 * DAY_MS - 60_000)
    await server.app.uploadService.maintain()
    expect(await imageStatus(id)).toBe(200)

    await at(start + 60 * DAY_MS + 30 * DAY_MS + 60_000)
    const before = await uploadRow(server, id)
    expect(await server.app.uploadService.maintain()).toMatchObject({ purged: 1 })
    expect(fs.existsSync(path.join(server.config.dataDir, before.path))).toBe(false)
    expect(await uploadRow(server, id)).toMatchObject({ path: '', sha256: before.sha256, size: before.size, purged_at: server.clock.now.toISOString() })
    expect(await imageStatus(id)).toBe(404)
    expect(await auditOf(server, 'upload.purge', 'uploads')).toEqual([{ actor_id: null, result: 'success', details: { uploads: [id] } }])
    expect(await listed(server, worker, certificationId, 'rejected')).toMatchObject({ uploadId: id })
  })

  it('deletes an upload never attached to a certification after a day; it can no longer be attached', async () => {
    const me = await resident(server)
    const { id } = (await upload(server, me, TINY_PNG)).json()
    const uploadedAt = server.clock.now.getTime()
    const file = path.join(server.config.dataDir, (await uploadRow(server, id)).path)
    await at(uploadedAt + DAY_MS - 60_000)
    await server.app.uploadService.maintain()
    expect(fs.existsSync(file)).toBe(true)
    await at(uploadedAt + DAY_MS + 60_000)
    await server.app.uploadService.maintain()
    expect(fs.existsSync(file)).toBe(false)
    expect(await uploadRow(server, id)).toMatchObject({ path: '', purged_at: server.clock.now.toISOString() })
    const place = await householdWithMember(server, worker)
    const late = await certify(server, worker, me, place, id)
    expect(late.statusCode).toBe(404)
  })
})
