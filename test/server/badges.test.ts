import { databases, startServer, type TestServer } from './harness'
import { USERS, login, seedWorld } from './fixtures'
import type { BadgeCheck, BadgeIssue } from '../../src/core/badge'

const INVALID: BadgeCheck = { valid: false, nameMasked: null, role: null, village: null, grid: null }

describe.each(databases())('worker badge on %s', (dialect) => {
  let server: TestServer
  let worker: { authorization: string }

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(() => server.close())

  async function issue(): Promise<BadgeIssue> {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/me/badge', headers: worker })
    expect(response.statusCode).toBe(200)
    return response.json()
  }

  /** Each check from its own address, so the rate limit stays out of the way of what is tested. */
  let address = 0
  async function check(token: string, remoteAddress = `203.0.113.${++address % 250}`): Promise<{ statusCode: number; body: BadgeCheck }> {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/badges/${encodeURIComponent(token)}`, remoteAddress })
    return { statusCode: response.statusCode, body: response.json() }
  }

  it('signs a 12-hour batch of 5-minute tokens; the current one checks as the worker, masked', async () => {
    const badge = await issue()
    expect(badge.batch).toHaveLength(144)
    expect(badge.token).toBe(badge.batch[0].token)
    expect(badge.nameMasked).toBe('张*明')
    expect(Date.parse(badge.batch[1].validFrom)).toBe(Date.parse(badge.batch[0].expiresAt))
    expect(Date.parse(badge.batch[0].expiresAt) - Date.parse(badge.batch[0].validFrom)).toBe(300_000)
    expect(new Set(badge.batch.map((slot) => slot.token)).size).toBe(144)
    const answer = await check(badge.token)
    expect(answer).toEqual({
      statusCode: 200,
      body: { valid: true, nameMasked: '张*明', role: '网格员', village: '商会社区居委会', grid: '第一网格' }
    })
    expect(JSON.stringify(answer.body)).not.toContain(USERS.worker.id)
  })

  it('accepts each token only in its own slot (± 2 minutes) and reveals nothing once expired', async () => {
    const start = server.clock.now
    try {
      const badge = await issue()
      const later = badge.batch[30]
      expect((await check(later.token)).body).toEqual(INVALID)
      server.clock.now = new Date(Date.parse(later.validFrom) + 60_000)
      expect((await check(later.token)).body.valid).toBe(true)
      expect((await check(badge.token)).body).toEqual(INVALID)
      server.clock.now = new Date(Date.parse(later.expiresAt) + 119_000)
      expect((await check(later.token)).body.valid).toBe(true)
      server.clock.now = new Date(Date.parse(later.expiresAt) + 121_000)
      expect((await check(later.token)).body).toEqual(INVALID)
    } finally {
      server.clock.now = start
    }
  })

  it('refuses a forged token: another user id, another slot or a made-up signature', async () => {
    const { token } = await issue()
    const [version, userId, slot, mac] = token.split('.')
    expect(userId).toBe(USERS.worker.id)
    const forgeries = [
      [version, USERS.workerB.id, slot, mac],
      [version, userId, (parseInt(slot, 36) + 1).toString(36), mac],
      [version, userId, slot, 'A'.repeat(mac.length)],
      [version, userId, slot, mac.slice(1)],
      ['b2', userId, slot, mac]
    ].map((parts) => parts.join('.'))
    for (const forged of [...forgeries, 'not-a-token', '....', '张小明']) {
      expect(await check(forged)).toEqual({ statusCode: 200, body: INVALID })
    }
  })

  it('a disabled worker’s batch stops checking at once', async () => {
    const { token } = await issue()
    expect((await check(token)).body.valid).toBe(true)
    await server.database.db.updateTable('users').set({ disabled_at: server.clock.now.toISOString() }).where('id', '=', USERS.worker.id).execute()
    try {
      expect((await check(token)).body).toEqual(INVALID)
    } finally {
      await server.database.db.updateTable('users').set({ disabled_at: null }).where('id', '=', USERS.worker.id).execute()
    }
  })

  it('is for grid workers: other staff get 403', async () => {
    const official = await login(server, 'official')
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/me/badge', headers: official })
    expect(response.statusCode).toBe(403)
  })

  it('limits checks to 30 a minute per client address', async () => {
    const { token } = await issue()
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await check(token, '198.51.100.77')).statusCode)
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true)
    const limited = await server.app.inject({ method: 'GET', url: `/api/v1/badges/${token}`, remoteAddress: '198.51.100.77' })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('RATE_LIMITED')
    expect((await check(token, '198.51.100.78')).statusCode).toBe(200)
  })
})
