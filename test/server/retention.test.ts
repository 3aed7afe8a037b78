import crypto from 'node:crypto'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { login, PASSWORD, seedWorld, USERS, VILLAGE } from './fixtures'
import { verifyAuditChain } from '../../server/src/modules/audit/verify'

const HOUR = 3600 * 1000
const DAY = 24 * HOUR

/** The retention job (modules/retention), run by hand with the injected clock, on each database. */
describe.each(databases())('retention on %s', (dialect: TestDialect) => {
  let server: TestServer

  beforeEach(async () => {
    server = await startServer(dialect, { expiredRetentionDays: 10, loginFailureTtlHours: 24 })
    await seedWorld(server.database.db)
  })
  afterEach(() => server.close())

  const db = () => server.database.db
  const ago = (ms: number) => new Date(server.clock.now.getTime() - ms).toISOString()
  const ahead = (ms: number) => new Date(server.clock.now.getTime() + ms).toISOString()
  const key = () => crypto.randomBytes(8).toString('hex')

  /**
   * What the job deleted, from its audit rows. The app also runs the job once when it starts, which may
   * come before or after a test's rows are written: whichever run deletes a row counts it, so the rows
   * left and these totals are the same either way, while one run's answer alone is not.
   */
  async function purgedSoFar(): Promise<Record<string, number>> {
    await server.app.purgeExpired()
    const rows = await db().selectFrom('audit_log').select('details').where('action', '=', 'retention.purge').execute()
    const totals: Record<string, number> = { sessions: 0, invites: 0, staffInvites: 0, loginFailures: 0, phoneCheckFailures: 0 }
    for (const row of rows) for (const [kind, count] of Object.entries(JSON.parse(row.details) as Record<string, number>)) totals[kind] += count
    return totals
  }

  test('sessions expired or revoked more than the grace period ago are deleted; live and recent ones stay', async () => {
    const session = (name: string, expiresAt: string, revokedAt: string | null = null) => ({
      token_hash: name,
      user_id: USERS.worker.id,
      wechat_openid: null,
      resident_key: null,
      invite_token_hash: null,
      created_at: ago(40 * DAY),
      last_seen_at: ago(40 * DAY),
      expires_at: expiresAt,
      revoked_at: revokedAt
    })
    await db()
      .insertInto('sessions')
      .values([
        session('expired-long-ago', ago(11 * DAY)),
        session('revoked-long-ago', ahead(DAY), ago(11 * DAY)),
        session('expired-recently', ago(9 * DAY)),
        session('revoked-recently', ahead(DAY), ago(9 * DAY)),
        session('live', ahead(HOUR))
      ])
      .execute()
    expect(await purgedSoFar()).toMatchObject({ sessions: 2 })
    const left = await db().selectFrom('sessions').select('token_hash').where('user_id', '=', USERS.worker.id).orderBy('token_hash').execute()
    expect(left.map((row) => row.token_hash)).toEqual(['expired-recently', 'live', 'revoked-recently'])
  })

  test('household invitations expired or revoked beyond the grace period, and unused expired staff invitations, are deleted', async () => {
    const invite = (name: string, expiresAt: string, revokedAt: string | null = null) => ({
      token_hash: name,
      household_id: crypto.randomUUID(),
      county_code: '110101',
      created_by: USERS.worker.id,
      created_at: ago(60 * DAY),
      expires_at: expiresAt,
      revoked_at: revokedAt
    })
    await db()
      .insertInto('invites')
      .values([invite('expired-long-ago', ago(11 * DAY)), invite('revoked-long-ago', ahead(DAY), ago(11 * DAY)), invite('expired-recently', ago(DAY)), invite('live', ahead(DAY))])
      .execute()
    const staffInvite = (name: string, expiresAt: string, usedAt: string | null) => ({
      code_hash: name,
      name: '网格员',
      role: 'grid_worker',
      scope_region_code: VILLAGE,
      code_cipher: null,
      grid_ids: '[]',
      created_by: USERS.village.id,
      created_at: ago(60 * DAY),
      expires_at: expiresAt,
      used_by: usedAt ? USERS.workerB.id : null,
      used_at: usedAt
    })
    await db()
      .insertInto('staff_invites')
      .values([staffInvite('unused-long-expired', ago(11 * DAY), null), staffInvite('used-long-expired', ago(11 * DAY), ago(20 * DAY)), staffInvite('unused-recent', ago(DAY), null)])
      .execute()
    expect(await purgedSoFar()).toMatchObject({ invites: 2, staffInvites: 1 })
    expect((await db().selectFrom('invites').select('token_hash').orderBy('token_hash').execute()).map((r) => r.token_hash)).toEqual(['expired-recently', 'live'])
    expect((await db().selectFrom('staff_invites').select('code_hash').orderBy('code_hash').execute()).map((r) => r.code_hash)).toEqual(['unused-recent', 'used-long-expired'])
  })

  test('failure counters expire: unlocked ones a TTL after their last failure, locked ones not before the lock ends', async () => {
    await db()
      .insertInto('login_failures')
      .values([
        { login_key: 'old', failures: 3, locked_until: null, last_failed_at: ago(25 * HOUR), lockouts: 0 },
        { login_key: 'recent', failures: 3, locked_until: null, last_failed_at: ago(23 * HOUR), lockouts: 0 },
        { login_key: 'still-locked', failures: 0, locked_until: ahead(HOUR), last_failed_at: ago(25 * HOUR), lockouts: 3 },
        { login_key: 'lock-ended', failures: 0, locked_until: ago(HOUR), last_failed_at: ago(25 * HOUR), lockouts: 3 }
      ])
      .execute()
    const failure = (failedAt: string) => ({ failure_key: key(), failed_at: failedAt })
    await db().insertInto('phone_check_failures').values([failure(ago(25 * HOUR)), failure(ago(23 * HOUR))]).execute()
    expect(await purgedSoFar()).toMatchObject({ loginFailures: 2, phoneCheckFailures: 1 })
    expect((await db().selectFrom('login_failures').select('login_key').orderBy('login_key').execute()).map((r) => r.login_key)).toEqual(['recent', 'still-locked'])
    expect(await db().selectFrom('phone_check_failures').select('failed_at').execute()).toEqual([{ failed_at: ago(23 * HOUR) }])
  })

  test('a wrong password a day after the last one starts a new count', async () => {
    const attempt = (password: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: 'official', password }, remoteAddress: '10.8.0.1' })
    for (let n = 1; n <= 3; n++) expect((await attempt('wrong')).statusCode).toBe(401)
    // The 4th in a row warns that the next one locks; a day later the count has been forgotten.
    server.clock.now = new Date(server.clock.now.getTime() + 25 * HOUR)
    expect((await purgedSoFar()).loginFailures).toBe(2)
    const fresh = await attempt('wrong')
    expect(fresh.json().error.message).toBe('账号或密码错误')
    expect((await attempt(PASSWORD)).statusCode).toBe(200)
  })

  test('a run that deletes something leaves one audit row of the counts; a run with nothing to do leaves none', async () => {
    await login(server, 'worker')
    expect(await purgedSoFar()).toEqual({ sessions: 0, invites: 0, staffInvites: 0, loginFailures: 0, phoneCheckFailures: 0 })
    expect(await db().selectFrom('audit_log').select('seq').where('action', '=', 'retention.purge').execute()).toEqual([])
    server.clock.now = new Date(server.clock.now.getTime() + 11 * DAY + 12 * HOUR)
    expect((await purgedSoFar()).sessions).toBe(1)
    const rows = await db().selectFrom('audit_log').selectAll().where('action', '=', 'retention.purge').execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_id: null, result: 'success' })
    expect(JSON.parse(rows[0].details)).toEqual({ sessions: 1, invites: 0, staffInvites: 0, loginFailures: 0, phoneCheckFailures: 0 })
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true })
  })
})
