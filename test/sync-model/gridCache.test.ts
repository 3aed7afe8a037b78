import crypto from 'node:crypto'
import fc from 'fast-check'
import type { HouseholdDetail } from '../../src/core/api'
import { EMPTY_GRID } from '../../src/core/localCache'
import type { MutationInput } from '../../src/services/outbox'
import { startServer, type TestServer } from '../server/harness'
import { GRID_A, PASSWORD, USERS, VILLAGE, seedWorld } from '../server/fixtures'
import { SimulatedPhone } from './device'

/**
 * The grid cache of the worker's phone against the real server: a pull fills it (and resumes from
 * the stored cursor after a restart), and what is saved without signal shows in the lists at once,
 * computed by the core's local reducer, then stays after it is sent and pulled back.
 */
let server: TestServer
let phone: SimulatedPhone

beforeAll(async () => {
  server = await startServer('sqlite')
  await seedWorld(server.database.db)
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: USERS.worker.username, password: PASSWORD } })
  phone = new SimulatedPhone(server, response.json())
  await phone.start({ gridCache: true })
})

afterAll(async () => {
  phone?.stop()
  await server?.close()
})

test('a household saved without signal is listed at once, and still after it is sent and pulled', async () => {
  const householdId = crypto.randomUUID()
  const memberId = crypto.randomUUID()
  phone.setOnline(false)
  phone.outbox.enqueueMutations([
    { type: 'household.upsert', payload: { id: householdId, gridId: GRID_A, address: { group: '五组', door: '8' } } },
    { type: 'member.upsert', payload: { id: memberId, householdId, name: '王秀兰', birthYear: 1970, smartphone: 'yes', isHead: true } },
    { type: 'member.app', payload: { memberId, status: 'registered', alertsOn: true, evidence: 'in_person' } }
  ])
  await phone.outbox.syncNow()
  expect(phone.outbox.getOutboxSnapshot().pending).toHaveLength(3)

  const expected = {
    id: householdId,
    gridId: GRID_A,
    villageCode: VILLAGE,
    addressText: '五组 8号',
    headNameMasked: '王*兰',
    memberCount: 1,
    eligible: 1,
    registered: 1
  }
  expect(phone.gridCache.listHouseholds(GRID_A, { q: '王秀兰' })).toEqual([expect.objectContaining(expected)])
  expect(phone.gridCache.listHouseholds(GRID_A, { filters: ['not_registered'] })).toEqual([])
  expect(phone.gridCache.getHousehold(householdId)?.members).toEqual([
    expect.objectContaining({ id: memberId, name: '王秀兰', isHead: true, app: expect.objectContaining({ status: 'registered' }) })
  ])

  // Killed and started again, still without signal: the outbox and the view come from storage.
  await phone.restart({ gridCache: true })
  expect(phone.gridCache.listHouseholds(GRID_A)).toEqual([expect.objectContaining(expected)])

  // Signal: sent, then pulled; the server's own summary takes over, with the same facts.
  phone.setOnline(true)
  await phone.outbox.syncNow()
  await phone.gridCache.pullGrid(GRID_A)
  expect(phone.outbox.getOutboxSnapshot().pending).toEqual([])
  expect(phone.gridCache.hasPulled(GRID_A)).toBe(true)
  expect(phone.gridCache.listHouseholds(GRID_A)).toEqual([expect.objectContaining(expected)])
  const fromServer = await server.app.inject({
    method: 'GET',
    url: `/api/v1/households/${householdId}`,
    headers: { authorization: `Bearer ${(JSON.parse(phone.storage.get('wuzha.session')!) as { token: string }).token}` }
  })
  const { certifications: _certifications, ...detail } = fromServer.json()
  expect(phone.gridCache.getHousehold(householdId)).toEqual(expect.objectContaining(detail))
})

test('a pull resumes from the stored cursor after a restart', async () => {
  await phone.gridCache.pullGrid(GRID_A)
  const cursor = (JSON.parse(phone.storage.get(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`)!) as { cursor: string }).cursor
  expect(Number(cursor)).toBeGreaterThan(0)
  expect(JSON.parse(phone.storage.get(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`)!).grid).not.toEqual(EMPTY_GRID)

  await phone.restart({ gridCache: true })
  const sent: string[] = []
  const send = phone.send.bind(phone)
  phone.send = (options) => {
    sent.push(options.url)
    return send(options)
  }
  await phone.gridCache.pullGrid(GRID_A)
  expect(sent).toEqual([expect.stringContaining(`since=${cursor}`)])
  phone.send = send
})

/**
 * A grid of thousands takes a good part of a second to list on a phone, and the list page asks again
 * on every change of the cache or the outbox: what leaves the grid as it was must cost nothing.
 */
test('a pull that finds nothing new leaves the stored copy and the computed list as they were', async () => {
  await phone.gridCache.pullGrid(GRID_A)
  const key = `wuzha.user.${USERS.worker.id}.grid.${GRID_A}`
  const stored = phone.storage.get(key)
  const list = phone.gridCache.listHouseholds(GRID_A, { filters: ['not_visited'] })
  const visited = phone.gridCache.visitedThisQuarter(GRID_A)
  expect(list.length).toBeGreaterThan(0)

  // Later than the stored pulledAt's millisecond, so a rewrite would show.
  await new Promise((resolve) => setTimeout(resolve, 5))
  await phone.gridCache.pullGrid(GRID_A)
  expect(phone.storage.get(key)).toBe(stored)
  expect(phone.gridCache.listHouseholds(GRID_A, { filters: ['not_visited'] })).toBe(list)
  expect(phone.gridCache.visitedThisQuarter(GRID_A)).toBe(visited)
  // Another query is its own list.
  expect(phone.gridCache.listHouseholds(GRID_A)).not.toBe(list)

  // A change saved on the phone is a new grid, so a new list that has it.
  const householdId = crypto.randomUUID()
  phone.setOnline(false)
  phone.outbox.enqueueMutations([{ type: 'household.upsert', payload: { id: householdId, gridId: GRID_A, address: { group: '七组', door: '3' } } }])
  const after = phone.gridCache.listHouseholds(GRID_A, { filters: ['not_visited'] })
  expect(after.map((household) => household.id)).toEqual(expect.arrayContaining([...list.map((household) => household.id), householdId]))
  phone.setOnline(true)
  await phone.outbox.syncNow()
  await phone.gridCache.pullGrid(GRID_A)
  expect(phone.gridCache.listHouseholds(GRID_A, { filters: ['not_visited'] }).map((household) => household.id)).toContain(householdId)
})

test('a grid counts as pulled only once a pull has come to its last page', async () => {
  // A phone that never pulled this grid.
  phone.storage.delete(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`)
  await phone.restart({ gridCache: true })
  // One change-log row a page, so the grid (the household saved above, with its member) takes several
  // pages; the signal goes after the first.
  const send = phone.send.bind(phone)
  let pages = 0
  phone.send = async (options) => {
    if (!options.url.includes('/sync/pull')) return send(options)
    // What wx.request fails with, as device.ts does.
    if (++pages > 1) throw { errMsg: 'request:fail interrupted' }
    return send({ ...options, url: options.url.replace(/limit=\d+/, 'limit=1') })
  }
  await expect(phone.gridCache.pullGrid(GRID_A)).rejects.toBeDefined()
  expect(JSON.parse(phone.storage.get(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`)!).cursor).not.toBe('0')
  expect(phone.gridCache.hasPulled(GRID_A)).toBe(false)

  phone.send = send
  await phone.gridCache.pullGrid(GRID_A)
  expect(phone.gridCache.hasPulled(GRID_A)).toBe(true)
})

test('a first pull of many pages tells the screens now and then, not after every page, and at its end', async () => {
  // More households on the server, then a phone that never pulled this grid, one change-log row a page.
  phone.outbox.enqueueMutations(
    [1, 2, 3, 4, 5, 6].map((door) => ({ type: 'household.upsert', payload: { id: crypto.randomUUID(), gridId: GRID_A, address: { group: '八组', door: String(door) } } }))
  )
  await phone.outbox.syncNow()
  expect(phone.outbox.getOutboxSnapshot().pending).toEqual([])
  phone.storage.delete(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`)
  await phone.restart({ gridCache: true })
  const send = phone.send.bind(phone)
  let pages = 0
  phone.send = (options) => {
    if (!options.url.includes('/sync/pull')) return send(options)
    pages++
    return send({ ...options, url: options.url.replace(/limit=\d+/, 'limit=1') })
  }
  let notices = 0
  const stop = phone.gridCache.subscribeGridCache(() => notices++)
  try {
    await phone.gridCache.pullGrid(GRID_A)
  } finally {
    stop()
    phone.send = send
  }
  expect(pages).toBeGreaterThan(6)
  expect(notices).toBeGreaterThan(0)
  expect(notices).toBeLessThan(pages)
  // The screen that hears the last notice reads the whole grid.
  expect(phone.gridCache.hasPulled(GRID_A)).toBe(true)
  expect(phone.gridCache.listHouseholds(GRID_A).length).toBeGreaterThan(1)
})

/**
 * The core's local reducer against the server's appliers: whatever a worker saves without signal,
 * the phone shows what the server holds once it is sent and pulled back (list fields, members and
 * their app status, visits), including edits the server refuses because a delete came first.
 */
test('what the phone shows before sending is what the server holds after', async () => {
  const session = JSON.parse(phone.storage.get('wuzha.session')!) as { token: string; user: never }
  const pool = () => ({ households: [crypto.randomUUID(), crypto.randomUUID()], members: [0, 1, 2, 3].map(() => crypto.randomUUID()) })
  const edit = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('household' as const), h: fc.nat(1), door: fc.constantFrom('1', '2', '12') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteHousehold' as const), h: fc.nat(1) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('member' as const),
        m: fc.nat(3),
        name: fc.constantFrom('王秀兰', '李强', '欧阳志明'),
        birthYear: fc.option(fc.constantFrom(1950, 1980, 2015), { nil: undefined }),
        smartphone: fc.constantFrom('yes' as const, 'no' as const, 'unknown' as const),
        isHead: fc.option(fc.boolean(), { nil: undefined }),
        away: fc.option(fc.constantFrom(null, { place: '太原' }), { nil: undefined })
      })
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMember' as const), m: fc.nat(3) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('app' as const),
        m: fc.nat(3),
        status: fc.constantFrom('not_installed' as const, 'installed_unregistered' as const, 'registered' as const),
        alertsOn: fc.option(fc.boolean(), { nil: undefined })
      })
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('visit' as const), h: fc.nat(1), day: fc.integer({ min: 1, max: 14 }) }) }
  )

  await fc.assert(
    fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 12 }), async (edits) => {
      const ids = pool()
      // Members 0,1 belong to household 0; 2,3 to household 1.
      const householdOf = (m: number) => ids.households[m < 2 ? 0 : 1]
      // Both households and their members exist first, so that later edits and deletes meet them.
      const start: typeof edits = [
        { kind: 'household', h: 0, door: '1' },
        { kind: 'household', h: 1, door: '2' },
        ...[0, 1, 2, 3].map((m) => ({ kind: 'member' as const, m, name: '李强' as const, birthYear: 1980 as const, smartphone: 'yes' as const, isHead: m % 2 === 0, away: undefined }))
      ]
      const inputs: MutationInput[] = [...start, ...edits].map((e): MutationInput => {
        switch (e.kind) {
          case 'household':
            return { type: 'household.upsert', payload: { id: ids.households[e.h], gridId: GRID_A, address: { group: '九组', door: e.door } } }
          case 'deleteHousehold':
            return { type: 'household.delete', payload: { id: ids.households[e.h] } }
          case 'member':
            return {
              type: 'member.upsert',
              payload: {
                id: ids.members[e.m],
                householdId: householdOf(e.m),
                name: e.name,
                smartphone: e.smartphone,
                ...(e.birthYear !== undefined ? { birthYear: e.birthYear } : {}),
                ...(e.isHead !== undefined ? { isHead: e.isHead } : {}),
                ...(e.away !== undefined ? { away: e.away } : {})
              }
            }
          case 'deleteMember':
            return { type: 'member.delete', payload: { id: ids.members[e.m] } }
          case 'app':
            return {
              type: 'member.app',
              payload: { memberId: ids.members[e.m], status: e.status, evidence: 'in_person', ...(e.alertsOn !== undefined ? { alertsOn: e.alertsOn } : {}) }
            }
          case 'visit':
            return {
              type: 'visit.record',
              payload: { id: crypto.randomUUID(), householdId: ids.households[e.h], kind: 'in_person', at: `2026-11-${String(e.day).padStart(2, '0')}T09:00:00+08:00`, actions: ['cases_explained'] }
            }
        }
      })

      phone.setOnline(false)
      phone.outbox.enqueueMutations(inputs)
      await phone.outbox.syncNow()
      const shown = ids.households.map((id) => comparable(phone.gridCache.getHousehold(id)))

      phone.setOnline(true)
      await phone.outbox.syncNow()
      await phone.gridCache.pullGrid(GRID_A)
      // Refused changes are the person's to retry or give up; here they are given up.
      for (const { mutation } of phone.outbox.getOutboxSnapshot().rejected) phone.outbox.discardRejectedMutation(mutation.id)
      for (const [index, id] of ids.households.entries()) {
        const response = await server.app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: { authorization: `Bearer ${session.token}` } })
        const held = response.statusCode === 200 ? comparable(response.json()) : null
        expect(shown[index]).toEqual(held)
        expect(comparable(phone.gridCache.getHousehold(id))).toEqual(held)
      }
    }),
    { numRuns: Number(process.env.SYNC_MODEL_RUNS ?? 500) >= 500 ? 60 : 15 }
  )
}, 300_000)

/** What the worker sees of a household; member order aside (ties in the server's order are by id). */
function comparable(detail: HouseholdDetail | null) {
  if (!detail) return null
  const { id, addressText, headNameMasked, memberCount, eligible, registered, lastVisitAt } = detail
  return {
    id,
    addressText,
    headNameMasked,
    memberCount,
    eligible,
    registered,
    lastVisitAt,
    members: [...detail.members]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(({ id: memberId, name, birthYear, smartphone, isHead, away, app }) => ({
        id: memberId,
        name,
        birthYear,
        smartphone,
        isHead,
        away,
        app: app && { status: app.status, alertsOn: app.alertsOn, evidence: app.evidence }
      })),
    visits: detail.visits.map(({ id: visitId, at, kind }) => ({ id: visitId, at, kind }))
  }
}
