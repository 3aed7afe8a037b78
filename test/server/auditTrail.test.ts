import { sql } from 'kysely'
import { containsPhoneOrIdNumber } from '../../src/core/freeText'
import { verifyAuditChain } from '../../server/src/modules/audit/verify'
import { MUTATIONS_PER_TRANSACTION } from '../../server/src/modules/sync/push'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, GRID_OTHER_TOWNSHIP, login, PASSWORD, seedWorld, USERS, uuid, VILLAGE } from './fixtures'
import { createStaffInvite } from '../../server/src/modules/auth/staffInvites'
import { CLIENT_ID, householdUpsert, memberUpsert, mutation, push, pushRaw, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

const PHONE = '13912345678'

/** The audit rows of one action after `afterSeq`, details parsed. */
async function auditRows(server: TestServer, action: string, afterSeq = 0) {
  const rows = await server.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({ ...row, seq: Number(row.seq), details: JSON.parse(row.details) as Record<string, unknown> }))
}

async function headSeq(server: TestServer): Promise<number> {
  const row = await server.database.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return row ? Number(row.seq) : 0
}

/** A whole row as stored, checked for the things an audit row must never hold. */
function expectNoPersonalData(row: object, ...values: string[]): void {
  const text = JSON.stringify(row)
  for (const value of values) expect(text).not.toContain(value)
  expect(containsPhoneOrIdNumber(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#'))).toBe(false)
}

describe.each(databases())('the push is audited on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(() => server.close())

  test('one sync.push row lists the records its applied mutations changed, and each rejected mutation in full, without names or phones', async () => {
    const before = await headSeq(server)
    const householdId = uuid()
    const memberId = uuid()
    const visitId = uuid()
    const sent = [
      householdUpsert({ id: householdId, gridId: GRID_A, note: '门口有狗' }),
      memberUpsert({ id: memberId, householdId, name: '王秀兰', phone: PHONE }),
      visitRecord({ id: visitId, householdId }),
      householdUpsert({ id: uuid(), gridId: GRID_OTHER_TOWNSHIP }),
      // A payload naming no record by a UUID: its target is left out rather than copied into the log.
      mutation('household.upsert', { id: PHONE, gridId: GRID_A })
    ]
    const results = await push(server, worker, sent)
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'rejected'])

    const [row, ...others] = await auditRows(server, 'sync.push', before)
    expect(others).toEqual([])
    expect(row).toMatchObject({ actor_id: 'u-worker', actor_role: 'grid_worker', target: `client/${CLIENT_ID}`, result: 'failure' })
    expect(row.details).toEqual({
      applied: 3,
      duplicate: 0,
      rejected: 2,
      records: { 'household.upsert': [householdId], 'member.upsert': [memberId], 'visit.record': [visitId] },
      duplicates: [],
      rejections: [
        { id: sent[3].id, type: 'household.upsert', target: `household/${(sent[3].payload as { id: string }).id}`, error: 'NOT_FOUND' },
        { id: sent[4].id, type: 'household.upsert', target: null, error: 'VALIDATION_FAILED' }
      ]
    })
    // Each applied mutation's id stands beside its record in the change log: the audit row and the log name the same records.
    const logged = await server.database.db.selectFrom('change_log').select(['mutation_id', 'entity_id']).where('mutation_id', 'in', sent.slice(0, 3).map((m) => m.id)).execute()
    expect(new Set(logged.map((r) => `${r.mutation_id} ${r.entity_id}`))).toEqual(
      new Set([`${sent[0].id} ${householdId}`, `${sent[1].id} ${memberId}`, `${sent[2].id} ${visitId}`])
    )
    expectNoPersonalData(row, '王秀兰', PHONE, '门口有狗', '三组')
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true })
  })

  test('a replay is audited as duplicates; a push of the most mutations a request takes is one transaction with one row', async () => {
    // Issue #10 point 3: one transaction per push (MUTATIONS_PER_TRANSACTION = MAX_MUTATIONS_PER_PUSH), so one audit row.
    const households = Array.from({ length: MUTATIONS_PER_TRANSACTION }, () => householdUpsert({ id: uuid(), gridId: GRID_A }))
    const before = await headSeq(server)
    await push(server, worker, households)
    const rows = await auditRows(server, 'sync.push', before)
    expect(rows.map((r) => [r.result, r.details.applied, r.details.duplicate])).toEqual([
      ['success', MUTATIONS_PER_TRANSACTION, 0]
    ])
    expect(rows.flatMap((r) => (r.details.records as Record<string, string[]>)['household.upsert'])).toEqual(households.map((h) => (h.payload as { id: string }).id))

    const replayed = await headSeq(server)
    await push(server, worker, households.slice(0, 3))
    const [replay] = await auditRows(server, 'sync.push', replayed)
    expect(replay.details).toEqual({ applied: 0, duplicate: 3, rejected: 0, records: {}, duplicates: households.slice(0, 3).map((h) => h.id), rejections: [] })
    expect(replay.result).toBe('success')
  })

  test('ids whose digits look like a phone number are audited, not refused', async () => {
    // 1381234-5678 across the dashes reads as 138 1234 5678 to the number rule; it is an id.
    const id = 'a1381234-5678-4abc-8abc-abcdefabcdef'
    const before = await headSeq(server)
    expect(await push(server, worker, [householdUpsert({ id, gridId: GRID_A })])).toEqual([{ id: expect.any(String), status: 'applied' }])
    const [row] = await auditRows(server, 'sync.push', before)
    expect(row.details.records).toEqual({ 'household.upsert': [id] })
  })

  test('a transaction that fails leaves neither its mutations nor their audit row', async () => {
    const db = server.database.db
    // The database itself fails the visit: an error no applier expects, so the transaction rolls back.
    if (dialect === 'postgres') {
      await sql`create function refuse_visit() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(db)
      await sql`create trigger refuse_visit before insert on visits for each row execute function refuse_visit()`.execute(db)
    } else {
      await sql`create trigger refuse_visit before insert on visits begin select raise(abort, 'disk full'); end`.execute(db)
    }
    try {
      const before = await headSeq(server)
      const householdId = uuid()
      const response = await pushRaw(server, worker, {
        clientId: CLIENT_ID,
        mutations: [householdUpsert({ id: householdId, gridId: GRID_A }), visitRecord({ id: uuid(), householdId })]
      })
      expect(response.statusCode).toBe(500)
      expect(await db.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst()).toBeUndefined()
      expect(await headSeq(server)).toBe(before)
    } finally {
      await sql`drop trigger refuse_visit${sql.raw(dialect === 'postgres' ? ' on visits' : '')}`.execute(db)
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true })
  })
})

const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret' }

describe.each(databases())('sign-ins and residents’ actions are audited on %s', (dialect: TestDialect) => {
  /** A second server plays WeChat, as in auth.test.ts. */
  let wechat: TestServer
  let server: TestServer
  let worker: Auth

  beforeAll(async () => {
    wechat = await startServer(dialect, { ...WECHAT, wechatStandIn: true })
    const wechatBase = `${await wechat.app.listen({ port: 0, host: '127.0.0.1' })}/wechat-stand-in`
    server = await startServer(dialect, { ...WECHAT, wechatApiBase: wechatBase })
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
  })
  afterAll(async () => {
    await server.close()
    await wechat.close()
  })

  const passwordLogin = (username: string, password: string, remoteAddress = '10.9.0.1') =>
    server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username, password }, remoteAddress })

  /** The one auth.login row a step wrote. */
  async function loginRowOf(step: () => Promise<{ statusCode: number }>, status: number) {
    const before = await headSeq(server)
    expect((await step()).statusCode).toBe(status)
    const rows = await auditRows(server, 'auth.login', before)
    expect(rows).toHaveLength(1)
    return rows[0]
  }

  test('a password login is audited with the user; a failure with the reason, never the password or an unknown name', async () => {
    const success = await loginRowOf(() => passwordLogin('official', PASSWORD), 200)
    expect(success).toMatchObject({ actor_id: USERS.official.id, actor_role: 'official', target: `user/${USERS.official.id}`, result: 'success' })
    expect(success.details).toEqual({ method: 'password' })

    const wrong = await loginRowOf(() => passwordLogin('official', 'guess-13912345678'), 401)
    expect(wrong).toMatchObject({ actor_id: USERS.official.id, target: `user/${USERS.official.id}`, result: 'failure' })
    expect(wrong.details).toEqual({ method: 'password', reason: 'wrong_password' })
    expectNoPersonalData(wrong, 'guess-')

    // Someone typing a phone number as the name: refused as any unknown name, and the number is not logged.
    const unknown = await loginRowOf(() => passwordLogin(PHONE, PASSWORD), 401)
    expect(unknown).toMatchObject({ actor_id: null, target: 'user/unknown', result: 'failure' })
    expect(unknown.details).toEqual({ method: 'password', reason: 'unknown_user' })
    expectNoPersonalData(unknown, PHONE)
  })

  test('the failure that locks the name says so, and attempts while locked are audited as locked', async () => {
    const address = '10.9.0.2'
    for (let n = 1; n <= 4; n++) expect((await passwordLogin('village', 'wrong', address)).statusCode).toBe(401)
    const locking = await loginRowOf(() => passwordLogin('village', 'wrong', address), 429)
    expect(locking.details).toEqual({ method: 'password', reason: 'wrong_password', lockedNow: true })
    const locked = await loginRowOf(() => passwordLogin('village', PASSWORD, address), 429)
    expect(locked).toMatchObject({ actor_id: USERS.village.id, result: 'failure' })
    expect(locked.details).toEqual({ method: 'password', reason: 'locked' })
  })

  test('logout is audited', async () => {
    const auth = await login(server, 'workerB')
    const before = await headSeq(server)
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth })).statusCode).toBe(204)
    const [row] = await auditRows(server, 'auth.logout', before)
    expect(row).toMatchObject({ actor_id: USERS.workerB.id, actor_role: 'grid_worker', target: `user/${USERS.workerB.id}`, result: 'success' })
  })

  test('a WeChat login is audited (a resident without an account); binding an invitation, and a refused code, too', async () => {
    const openid = `o-${uuid()}`
    const wechatLogin = () => server.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: `demo:${openid}` } })
    let token = ''
    const resident = await loginRowOf(async () => {
      const response = await wechatLogin()
      token = response.json().token
      return response
    }, 200)
    expect(resident).toMatchObject({ actor_id: null, target: 'resident', result: 'success' })
    expect(resident.details).toEqual({ method: 'wechat' })
    expectNoPersonalData(resident, openid)
    const auth = { authorization: `Bearer ${token}` }

    const bind = (inviteCode: string) => server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', headers: auth, payload: { inviteCode } })
    const before = await headSeq(server)
    expect((await bind('ZZZZ-ZZZZ')).statusCode).toBe(404)
    const { code } = await createStaffInvite(server.database.db, server.app.cipher, {
      name: '孙网格',
      role: 'grid_worker',
      scopeRegionCode: VILLAGE,
      gridIds: [GRID_B],
      createdBy: USERS.village.id,
      ttlDays: 7,
      now: server.clock.now
    })
    const bound = await bind(code)
    expect(bound.statusCode).toBe(200)
    const [refused, accepted] = await auditRows(server, 'auth.bind', before)
    expect(refused).toMatchObject({ actor_id: null, result: 'failure', target: expect.stringMatching(/^staff-invite\/[0-9a-f]{16}$/) })
    expect(refused.details).toEqual({ code: 'NOT_FOUND' })
    expect(accepted).toMatchObject({ actor_id: bound.json().user.id, actor_role: 'grid_worker', result: 'success', target: expect.stringMatching(/^staff-invite\/[0-9a-f]{16}$/) })
    expect(accepted.details).toEqual({ regionCode: VILLAGE })
    expectNoPersonalData(accepted, code, code.replace('-', ''))

    const staff = await loginRowOf(wechatLogin, 200)
    expect(staff).toMatchObject({ actor_id: bound.json().user.id, target: `user/${bound.json().user.id}`, result: 'success' })
  })

  test('household invitations (create, revoke), a browser’s sign-in with one and a certification are audited', async () => {
    const household = uuid()
    const member = uuid()
    await push(server, worker, [householdUpsert({ id: household, gridId: GRID_A }), memberUpsert({ id: member, householdId: household, name: '周桂英' })])
    const before = await headSeq(server)
    const created = await server.app.inject({ method: 'POST', url: `/api/v1/households/${household}/invites`, headers: worker })
    expect(created.statusCode).toBe(201)
    const inviteToken: string = created.json().token
    const [create] = await auditRows(server, 'invite.create', before)
    expect(create).toMatchObject({ actor_id: USERS.worker.id, actor_role: 'grid_worker', result: 'success', target: expect.stringMatching(/^invite\/[0-9a-f]{16}$/) })
    expect(create.details).toEqual({ householdId: household, expiresAt: created.json().expiresAt })
    expectNoPersonalData(create, inviteToken)

    const signIn = (token: string) => server.app.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { inviteToken: token } })
    let sessionToken = ''
    const browser = await loginRowOf(async () => {
      const response = await signIn(inviteToken)
      sessionToken = response.json().token
      return response
    }, 200)
    expect(browser).toMatchObject({ actor_id: null, target: create.target, result: 'success' })
    expect(browser.details).toEqual({ method: 'invitation', householdId: household })
    const refused = await loginRowOf(() => signIn('A'.repeat(32)), 404)
    expect(refused).toMatchObject({ actor_id: null, result: 'failure' })
    expect(refused.details).toEqual({ method: 'invitation', reason: 'invalid_invitation' })

    const submitted = await server.app.inject({
      method: 'POST',
      url: '/api/v1/certifications',
      headers: { authorization: `Bearer ${sessionToken}` },
      payload: { inviteToken, memberId: member, status: 'registered', alertsOn: true, consent: true }
    })
    expect(submitted.statusCode).toBe(201)
    const [certification] = await auditRows(server, 'certification.submit', before)
    expect(certification).toMatchObject({ actor_id: null, target: `certification/${submitted.json().id}`, result: 'success' })
    expect(certification.details).toEqual({ householdId: household, memberId: member, status: 'registered', withScreenshot: false })
    expectNoPersonalData(certification, '周桂英')

    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/invites/${inviteToken}`, headers: worker })).statusCode).toBe(204)
    const [revoke] = await auditRows(server, 'invite.revoke', before)
    expect(revoke).toMatchObject({ actor_id: USERS.worker.id, target: create.target, result: 'success' })
    expect(revoke.details).toEqual({ householdId: household, alreadyRevoked: false })
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true })
  })
})
