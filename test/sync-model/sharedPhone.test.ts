import crypto from 'node:crypto'
import type { User } from '../../src/core/api'
import { EMPTY_GRID } from '../../src/core/localCache'
import { databases, startServer, type TestDialect, type TestServer } from '../server/harness'
import { GRID_A, GRID_B, PASSWORD, USERS, seedWorld } from '../server/fixtures'
import { SimulatedPhone, settle } from './device'
import type { RequestOptions } from './platform'

/**
 * Two grid workers share one phone. Each one's changes belong to them: a change worker A saved
 * without signal is never sent under worker B's token, B never sees or counts it, and it leaves
 * without a tap as soon as A signs in again.
 */
async function waitUntil(check: () => boolean): Promise<void> {
  for (const started = Date.now(); !check(); await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() - started > 5000) throw new Error('timed out')
  }
}

interface SignIn {
  token: string
  user: User
}

interface Push {
  token: string
  ids: string[]
}

describe.each(databases())('a phone shared by two workers, on %s', (dialect: TestDialect) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
  })

  afterAll(async () => {
    await server?.close()
  })

  async function signIn(who: 'worker' | 'workerB'): Promise<SignIn> {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: USERS[who].username, password: PASSWORD } })
    expect(response.statusCode).toBe(200)
    return response.json()
  }

  /** Every push the phone sends, with the token it went under. */
  function recordPushes(phone: SimulatedPhone): Push[] {
    const pushes: Push[] = []
    const send = phone.send.bind(phone)
    phone.send = (options: RequestOptions) => {
      if (options.url.includes('/sync/push')) {
        pushes.push({
          token: (options.header?.Authorization ?? '').replace('Bearer ', ''),
          ids: (options.data as { mutations: Array<{ id: string }> }).mutations.map((mutation) => mutation.id)
        })
      }
      return send(options)
    }
    return pushes
  }

  function newHousehold(gridId: string, door: string) {
    return { type: 'household.upsert' as const, payload: { id: crypto.randomUUID(), gridId, address: { group: '九组', door } } }
  }

  async function householdOnServer(token: string, id: string): Promise<number> {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: { authorization: `Bearer ${token}` } })
    return response.statusCode
  }

  test('A’s waiting change stays A’s while B works, and is sent when A signs in again', async () => {
    const a = await signIn('worker')
    const phone = new SimulatedPhone(server, a)
    await phone.start({ gridCache: true, gridSync: true })
    const pushes = recordPushes(phone)

    phone.setOnline(false)
    const household = newHousehold(GRID_A, '1')
    const [mine] = phone.outbox.enqueueMutations([household])
    await phone.outbox.syncNow()
    expect(phone.outbox.getOutboxSnapshot().pending).toHaveLength(1)

    // A signs out without signal; B signs in and the phone finds signal.
    phone.signOut()
    const b = await signIn('workerB')
    phone.signIn(b)
    phone.setOnline(true)
    await phone.outbox.syncNow()
    await settle()

    const seenByB = phone.outbox.getOutboxSnapshot()
    expect(seenByB.pending).toEqual([])
    expect(seenByB.rejected).toEqual([])
    expect(phone.gridCache.countWaitingHouseholds()).toBe(0)
    expect(phone.gridCache.getHousehold(household.payload.id)).toBeNull()
    expect(phone.gridCache.listHouseholds(GRID_B).map((item) => item.id)).not.toContain(household.payload.id)

    // B's own work goes out under B's token; A's change was not among anything B sent.
    const theirHousehold = newHousehold(GRID_B, '2')
    const [theirs] = phone.outbox.enqueueMutations([theirHousehold])
    await phone.outbox.syncNow()
    expect(await householdOnServer(b.token, theirHousehold.payload.id)).toBe(200)
    expect(pushes.filter((push) => push.token === b.token).flatMap((push) => push.ids)).toEqual([theirs.id])
    expect(pushes.flatMap((push) => push.ids)).not.toContain(mine.id)
    expect(await householdOnServer(a.token, household.payload.id)).toBe(404)

    // A comes back: signing in is enough, no 立即同步.
    phone.signOut()
    const again = await signIn('worker')
    phone.signIn(again)
    await waitUntil(() => phone.outbox.getOutboxSnapshot().pending.length === 0)
    expect(phone.outbox.getOutboxSnapshot()).toMatchObject({ userId: USERS.worker.id, pending: [], rejected: [] })
    expect(pushes.filter((push) => push.ids.includes(mine.id)).map((push) => push.token)).toEqual([again.token])
    expect(await householdOnServer(again.token, household.payload.id)).toBe(200)
    phone.stop()
  })

  test('a push in flight when A signs out is stored as A’s, and the rest is not sent under B’s token', async () => {
    const a = await signIn('worker')
    const b = await signIn('workerB')
    const phone = new SimulatedPhone(server, a)
    await phone.start()
    const pushes = recordPushes(phone)

    phone.setOnline(false)
    const mine = phone.outbox.enqueueMutations(Array.from({ length: 25 }, (_, n) => newHousehold(GRID_A, String(100 + n))))
    await phone.outbox.syncNow()

    // The first batch reaches the server; before its answer arrives A signs out and B signs in.
    const send = phone.send.bind(phone)
    phone.send = async (options: RequestOptions) => {
      const response = await send(options)
      if (options.url.includes('/sync/push') && phone.token === a.token) {
        phone.signOut()
        phone.signIn(b)
      }
      return response
    }
    phone.setOnline(true)
    await phone.outbox.syncNow()
    await settle()

    expect(pushes.map((push) => push.token)).toEqual([a.token])
    expect(pushes[0].ids).toEqual(mine.slice(0, 20).map((mutation) => mutation.id))
    expect(phone.outbox.getOutboxSnapshot()).toMatchObject({ userId: USERS.workerB.id, pending: [], rejected: [] })

    // A's outbox kept the answer to the first batch: only the last five wait for A's return.
    phone.send = send
    phone.signOut()
    phone.signIn(a)
    expect(phone.outbox.getOutboxSnapshot().pending.map((mutation) => mutation.id)).toEqual(mine.slice(20).map((mutation) => mutation.id))
    await phone.outbox.syncNow()
    expect(phone.outbox.getOutboxSnapshot()).toMatchObject({ userId: USERS.worker.id, pending: [] })
    expect(pushes.map((push) => push.token)).toEqual([a.token, a.token])
    expect(pushes[1].ids).toEqual(mine.slice(20).map((mutation) => mutation.id))
    phone.stop()
  })

  test('an installed phone’s outbox becomes its signed-in user’s, once, and nobody else’s', async () => {
    const a = await signIn('worker')
    const waiting = { ...newHousehold(GRID_A, '7'), id: crypto.randomUUID(), at: new Date().toISOString() }
    const phone = new SimulatedPhone(server, a)
    // Stored by the version before keys were per user, with A signed in.
    phone.storage.set('wuzha.session', JSON.stringify({ token: a.token, expiresAt: '2099-01-01T00:00:00.000Z', user: a.user }))
    phone.storage.set('wuzha.outbox.pending', JSON.stringify([waiting]))
    const pulledAt = '2026-11-14T08:00:00.000Z'
    phone.storage.set(`wuzha.grid.${GRID_A}`, JSON.stringify({ cursor: '0', pulledAt, grid: EMPTY_GRID }))
    phone.setOnline(false)
    await phone.start({ gridCache: true })

    expect(phone.outbox.getOutboxSnapshot().pending).toEqual([waiting])
    expect(phone.storage.has('wuzha.outbox.pending')).toBe(false)
    expect(JSON.parse(phone.storage.get(`wuzha.user.${USERS.worker.id}.outbox.pending`)!)).toEqual([waiting])
    const ledger = JSON.parse(phone.storage.get('wuzha.storage.ledger')!) as Record<string, number>
    expect(Object.keys(ledger)).toContain(`wuzha.user.${USERS.worker.id}.outbox.pending`)
    expect(Object.keys(ledger)).not.toContain('wuzha.outbox.pending')
    // The copy of A's grid moves with it, when first read.
    expect(phone.gridCache.hasPulled(GRID_A)).toBe(true)
    expect(phone.storage.has(`wuzha.grid.${GRID_A}`)).toBe(false)
    expect(JSON.parse(phone.storage.get(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`)!)).toMatchObject({ pulledAt })

    phone.signOut()
    phone.signIn(await signIn('workerB'))
    expect(phone.outbox.getOutboxSnapshot().pending).toEqual([])
    await phone.restart({ gridCache: true })
    expect(phone.outbox.getOutboxSnapshot().pending).toEqual([])
    phone.stop()
  })
})
