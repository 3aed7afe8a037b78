import crypto from 'node:crypto'
import Fastify, { type InjectOptions, type LightMyRequestResponse } from 'fastify'
import authorization from '../../server/src/plugins/app/authorization'
import env from '../../server/src/plugins/external/env'
import database from '../../server/src/plugins/external/database'
import context from '../../server/src/plugins/app/context'
import type { RouteEntry } from '../../server/src/plugins/app/authorization'
import type { MutationResult } from '../../src/core/mutations'
import { DEFAULT_RULES } from '../../src/core/scoring'
import { hashPassword } from '../../server/src/crypto/passwords'
import { databases, startServer, type TestServer } from './harness'
import { GRID_A, TOWNSHIP, USERS, VILLAGE, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, mutation, push, visitRecord, CLIENT_ID, type Envelope } from './mutationBuilders'
import { xlsxOf } from './fixtures-xlsx/rosters'
import { TINY_PNG, attachedUpload, uploadOf } from './residentFixtures'
import { ContentLinks, pushSignature } from '../../server/src/modules/uploads/contentCheck'
import { createStaffInvite } from '../../server/src/modules/auth/staffInvites'

/**
 * Every registered API route × every kind of caller × an object outside the caller's scope, generated
 * from the app's own route table: a route added without an entry here fails the first test.
 *
 * The foreign objects live in another city (太原市), outside every fixture user's scope, admin's
 * included. For a `{ roles }` route the expectation follows from its declared access: no token 401, a
 * resident 403, a staff role not listed 403, a listed role 404 for the foreign object (for sync/push:
 * each mutation rejected NOT_FOUND) and 200 for the same request aimed inside its scope, which proves the
 * 404 is the scope's and not a broken route. Public and session routes state their answer per caller.
 */

/** `resident`: a WeChat session not bound to staff; `browser`: a browser resident's session (POST /auth/invitation) holding world.invites.own. */
const CALLERS = ['anonymous', 'resident', 'browser', 'grid_worker', 'village_admin', 'official', 'admin'] as const
type Caller = (typeof CALLERS)[number]
type StaffCaller = Exclude<Caller, 'anonymous' | 'resident' | 'browser'>

const FOREIGN = {
  city: '1401',
  county: '140105',
  township: '140105001',
  village: '140105001001',
  grid: '9a1d7c3e-0b5f-4e2a-8c6d-5f4e3d2c1b01',
  household: uuid(),
  member: uuid(),
  visit: uuid()
}
const OWN = { household: uuid(), member: uuid() }

interface World {
  server: TestServer
  roster: Buffer
  /** Invitations of OWN.household (one to read, one to revoke) and of the foreign household. */
  invites: { own: string; ownToRevoke: string; foreign: string }
  /** Screenshots attached to OWN.household and to the foreign household. */
  uploads: { own: string; foreign: string }
  /** Staff invitation codes: one for each caller that may revoke one of its village, one of the foreign village. */
  staffInvites: { village_admin: string; admin: string; foreign: string }
}

const PUSH_TOKEN = 'authzPushToken'
const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret', wechatPushToken: PUSH_TOKEN }
const pushQuery = () => `signature=${pushSignature(PUSH_TOKEN, '1764640000', 'n1')}&timestamp=1764640000&nonce=n1`

type Build = (world: World, caller: StaffCaller) => InjectOptions

interface StaffRouteCase {
  /** The request aimed at the foreign object; null when the route names no object (e.g. a template). */
  foreign: Build | null
  /** The same request aimed inside the caller's scope; null for a caller whose scope has no such object. */
  own: (world: World, caller: StaffCaller) => InjectOptions | null
  /** For routes that answer 200 with per-item refusals (sync/push). */
  expectForeign?: (response: LightMyRequestResponse) => void
  expectOwn?: (response: LightMyRequestResponse) => void
}

interface OpenRouteCase {
  request: (world: World) => InjectOptions
  /** Status per caller (for a session route, anonymous is 401 by declaration and not listed). */
  status: Partial<Record<Caller, number>>
}

const get = (url: string): InjectOptions => ({ method: 'GET', url })
const pushOf = (mutations: Envelope[]): InjectOptions => ({ method: 'POST', url: '/api/v1/sync/push', payload: { clientId: CLIENT_ID, mutations } })
const importOf = (grid: string, roster: Buffer): InjectOptions => ({
  method: 'POST',
  url: `/api/v1/imports/households?grid=${grid}&dryRun=true`,
  headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  payload: roster
})

/** Every way a push can reach for something outside the scope. */
function foreignMutations(): Envelope[] {
  return [
    householdUpsert({ id: uuid(), gridId: FOREIGN.grid }),
    householdUpsert({ id: FOREIGN.household, gridId: GRID_A }),
    mutation('household.delete', { id: FOREIGN.household }),
    memberUpsert({ id: uuid(), householdId: FOREIGN.household }),
    memberUpsert({ id: FOREIGN.member, householdId: OWN.household }),
    mutation('member.delete', { id: FOREIGN.member }),
    memberApp({ memberId: FOREIGN.member }),
    visitRecord({ id: uuid(), householdId: FOREIGN.household }),
    visitRecord({ id: FOREIGN.visit, householdId: OWN.household })
  ]
}

function results(response: LightMyRequestResponse): MutationResult[] {
  expect(response.statusCode).toBe(200)
  return response.json().results
}

const created = (status: number) => (response: LightMyRequestResponse) => expect(response.statusCode).toBe(status)

const caseOf = (villageCode: string) => ({ villageCode, date: '2026-11-01', kind: 'suspect', fraudType: 'other' })
const activityOf = (regionCode: string) => ({ regionCode, date: '2026-11-01', title: '反诈宣讲', kind: 'lecture', participants: 30 })
const FACTS = { volunteerTeam: true, warningsReceived: 2, warningsFollowedUp: 1 }

const STAFF_ROUTES: Record<string, StaffRouteCase> = {
  'POST /api/v1/households/:id/invites': {
    foreign: () => ({ method: 'POST', url: `/api/v1/households/${FOREIGN.household}/invites` }),
    own: () => ({ method: 'POST', url: `/api/v1/households/${OWN.household}/invites` }),
    expectOwn: created(201)
  },
  'DELETE /api/v1/invites/:token': {
    foreign: (world) => ({ method: 'DELETE', url: `/api/v1/invites/${world.invites.foreign}` }),
    own: (world) => ({ method: 'DELETE', url: `/api/v1/invites/${world.invites.ownToRevoke}` }),
    expectOwn: created(204)
  },
  'GET /api/v1/invites/:token/wxacode': {
    foreign: (world) => get(`/api/v1/invites/${world.invites.foreign}/wxacode`),
    own: (world) => get(`/api/v1/invites/${world.invites.own}/wxacode`),
    expectOwn: (response) => {
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('image/png')
    }
  },
  'GET /api/v1/certifications': {
    foreign: () => get(`/api/v1/certifications?grid=${FOREIGN.grid}&state=pending`),
    own: () => get(`/api/v1/certifications?grid=${GRID_A}&state=pending`)
  },
  'GET /api/v1/uploads/:id': {
    foreign: (world) => get(`/api/v1/uploads/${world.uploads.foreign}`),
    own: (world) => get(`/api/v1/uploads/${world.uploads.own}`)
  },
  'GET /api/v1/regions/:code': {
    foreign: () => get(`/api/v1/regions/${FOREIGN.village}`),
    own: () => get(`/api/v1/regions/${VILLAGE}`)
  },
  'GET /api/v1/grids': {
    foreign: () => get(`/api/v1/grids?village=${FOREIGN.village}`),
    own: () => get(`/api/v1/grids?village=${VILLAGE}`)
  },
  'POST /api/v1/grids': {
    foreign: () => ({ method: 'POST', url: '/api/v1/grids', payload: { villageCode: FOREIGN.village, name: '新网格' } }),
    own: () => ({ method: 'POST', url: '/api/v1/grids', payload: { villageCode: VILLAGE, name: `网格${uuid().slice(0, 6)}` } }),
    expectOwn: created(201)
  },
  'PATCH /api/v1/grids/:id': {
    foreign: () => ({ method: 'PATCH', url: `/api/v1/grids/${FOREIGN.grid}`, payload: { name: '坞城一网格' } }),
    own: () => ({ method: 'PATCH', url: `/api/v1/grids/${GRID_A}`, payload: { name: '第一网格' } })
  },
  'GET /api/v1/regions/:code/workers': {
    foreign: () => get(`/api/v1/regions/${FOREIGN.village}/workers`),
    own: () => get(`/api/v1/regions/${VILLAGE}/workers`)
  },
  'POST /api/v1/staff-invites': {
    foreign: () => ({ method: 'POST', url: '/api/v1/staff-invites', payload: { role: 'grid_worker', regionCode: FOREIGN.village, gridIds: [FOREIGN.grid] } }),
    own: () => ({ method: 'POST', url: '/api/v1/staff-invites', payload: { role: 'grid_worker', regionCode: VILLAGE, gridIds: [GRID_A] } }),
    expectOwn: created(201)
  },
  'GET /api/v1/staff-invites': {
    foreign: () => get(`/api/v1/staff-invites?region=${FOREIGN.village}`),
    own: () => get(`/api/v1/staff-invites?region=${VILLAGE}`)
  },
  'DELETE /api/v1/staff-invites/:code': {
    foreign: (world) => ({ method: 'DELETE', url: `/api/v1/staff-invites/${world.staffInvites.foreign}` }),
    own: (world, caller) => ({ method: 'DELETE', url: `/api/v1/staff-invites/${world.staffInvites[caller as 'village_admin' | 'admin']}` }),
    expectOwn: created(204)
  },
  'GET /api/v1/households': {
    foreign: () => get(`/api/v1/households?grid=${FOREIGN.grid}`),
    own: () => get(`/api/v1/households?grid=${GRID_A}`)
  },
  'GET /api/v1/households/:id': {
    foreign: () => get(`/api/v1/households/${FOREIGN.household}`),
    own: () => get(`/api/v1/households/${OWN.household}`)
  },
  'GET /api/v1/sync/pull': {
    foreign: () => get(`/api/v1/sync/pull?grid=${FOREIGN.grid}&since=0`),
    own: () => get(`/api/v1/sync/pull?grid=${GRID_A}&since=0`)
  },
  'POST /api/v1/sync/push': {
    foreign: () => pushOf(foreignMutations()),
    own: () => pushOf([householdUpsert({ id: uuid(), gridId: GRID_A })]),
    expectForeign: (response) => {
      const answers = results(response)
      expect(answers).toHaveLength(foreignMutations().length)
      for (const answer of answers) expect(answer).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } })
    },
    expectOwn: (response) => expect(results(response).map((answer) => answer.status)).toEqual(['applied'])
  },
  'GET /api/v1/dashboard/:regionCode': {
    foreign: () => get(`/api/v1/dashboard/${FOREIGN.township}`),
    // A village admin's scope holds no township or county.
    own: (_world, caller) => (caller === 'village_admin' ? null : get(`/api/v1/dashboard/${TOWNSHIP}`))
  },
  'GET /api/v1/scores/villages/:code': {
    foreign: () => get(`/api/v1/scores/villages/${FOREIGN.village}`),
    own: () => get(`/api/v1/scores/villages/${VILLAGE}`)
  },
  'GET /api/v1/reports/daily': {
    foreign: () => get(`/api/v1/reports/daily?region=${FOREIGN.township}`),
    own: () => get(`/api/v1/reports/daily?region=${TOWNSHIP}`)
  },
  'GET /api/v1/rulesets/current': {
    // One rule set for everyone: there is no foreign one.
    foreign: null,
    own: () => get('/api/v1/rulesets/current')
  },
  'PUT /api/v1/rulesets': {
    foreign: null,
    own: () => ({ method: 'PUT', url: '/api/v1/rulesets', payload: DEFAULT_RULES }),
    expectOwn: created(201)
  },
  'GET /api/v1/imports/households/template.xlsx': {
    foreign: null,
    own: () => get('/api/v1/imports/households/template.xlsx')
  },
  'POST /api/v1/imports/households': {
    foreign: (world) => importOf(FOREIGN.grid, world.roster),
    own: (world) => importOf(GRID_A, world.roster)
  },
  'POST /api/v1/cases': {
    foreign: () => ({ method: 'POST', url: '/api/v1/cases', payload: caseOf(FOREIGN.village) }),
    own: () => ({ method: 'POST', url: '/api/v1/cases', payload: caseOf(VILLAGE) }),
    expectOwn: created(201)
  },
  'GET /api/v1/cases': {
    foreign: () => get(`/api/v1/cases?region=${FOREIGN.township}`),
    own: () => get(`/api/v1/cases?region=${TOWNSHIP}`)
  },
  'POST /api/v1/activities': {
    foreign: () => ({ method: 'POST', url: '/api/v1/activities', payload: activityOf(FOREIGN.village) }),
    own: () => ({ method: 'POST', url: '/api/v1/activities', payload: activityOf(VILLAGE) }),
    expectOwn: created(201)
  },
  'GET /api/v1/activities': {
    foreign: () => get(`/api/v1/activities?region=${FOREIGN.township}`),
    own: (_world, caller) => get(`/api/v1/activities?region=${caller === 'village_admin' ? VILLAGE : TOWNSHIP}`)
  },
  'PUT /api/v1/villages/:code/facts': {
    foreign: () => ({ method: 'PUT', url: `/api/v1/villages/${FOREIGN.village}/facts`, payload: FACTS }),
    own: () => ({ method: 'PUT', url: `/api/v1/villages/${VILLAGE}/facts`, payload: FACTS })
  },
  'GET /api/v1/exports/households.xlsx': {
    foreign: () => get(`/api/v1/exports/households.xlsx?village=${FOREIGN.village}`),
    own: () => get(`/api/v1/exports/households.xlsx?village=${VILLAGE}`)
  },
  'GET /api/v1/exports/villages.xlsx': {
    foreign: () => get(`/api/v1/exports/villages.xlsx?region=${FOREIGN.township}`),
    own: () => get(`/api/v1/exports/villages.xlsx?region=${TOWNSHIP}`)
  },
  'GET /api/v1/me/badge': {
    // The caller's own badge: there is no one else's to ask for.
    foreign: null,
    own: () => get('/api/v1/me/badge')
  }
}

const OPEN_ROUTES: Record<string, OpenRouteCase> = {
  'POST /api/v1/auth/password': {
    // A name nobody has, so no lockout outlives this test.
    request: () => ({ method: 'POST', url: '/api/v1/auth/password', payload: { username: `nobody-${uuid()}`, password: 'x' } }),
    status: { anonymous: 401, resident: 401, browser: 401, grid_worker: 401, village_admin: 401, official: 401, admin: 401 }
  },
  'POST /api/v1/auth/wechat': {
    // Without a code nothing reaches WeChat (which tests cannot call).
    request: () => ({ method: 'POST', url: '/api/v1/auth/wechat', payload: {} }),
    status: { anonymous: 400, resident: 400, browser: 400, grid_worker: 400, village_admin: 400, official: 400, admin: 400 }
  },
  'POST /api/v1/auth/invitation': {
    // Public: the invitation is the credential (a browser resident's sign-in), whoever holds it.
    request: (world) => ({ method: 'POST', url: '/api/v1/auth/invitation', payload: { inviteToken: world.invites.own } }),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'GET /api/v1/me': {
    request: () => get('/api/v1/me'),
    status: { resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'POST /api/v1/auth/bind': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/bind', payload: { inviteCode: 'ABCD-EFGH' } }),
    // Staff hold password sessions and a browser no WeChat identity, so neither can bind; the resident's code is unknown.
    status: { resident: 404, browser: 403, grid_worker: 403, village_admin: 403, official: 403, admin: 403 }
  },
  'GET /api/v1/invites/:token': {
    request: (world) => get(`/api/v1/invites/${world.invites.own}`),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'POST /api/v1/uploads': {
    request: () => uploadOf(TINY_PNG),
    // The resident flow's routes act for the WeChat identity that scanned the code: staff are refused.
    status: { resident: 201, browser: 201, grid_worker: 403, village_admin: 403, official: 403, admin: 403 }
  },
  'POST /api/v1/certifications': {
    request: (world) => ({
      method: 'POST',
      url: '/api/v1/certifications',
      payload: { inviteToken: world.invites.own, memberId: OWN.member, status: 'registered', alertsOn: true, consent: true }
    }),
    status: { resident: 201, browser: 201, grid_worker: 403, village_admin: 403, official: 403, admin: 403 }
  },
  'GET /api/v1/certifications/mine': {
    request: () => get('/api/v1/certifications/mine'),
    status: { resident: 200, browser: 200, grid_worker: 403, village_admin: 403, official: 403, admin: 403 }
  },
  'GET /api/v1/uploads/:id/content': {
    // Public: WeChat fetches without a session; the link's signature is the permission, whoever holds it.
    request: (world) => get(new ContentLinks(world.server.app.cipher, 'http://x').url(world.uploads.own, world.server.clock.now).slice('http://x'.length)),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'GET /api/v1/wechat/events': {
    // Public: WeChat's signature (WECHAT_PUSH_TOKEN) is the permission, not a session.
    request: () => get(`/api/v1/wechat/events?${pushQuery()}&echostr=e1`),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'POST /api/v1/wechat/events': {
    request: () => ({ method: 'POST', url: `/api/v1/wechat/events?${pushQuery()}`, payload: { Event: 'user_enter_tempsession' } }),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'GET /api/v1/badges/:token': {
    // Public: a forged token is simply not valid, whoever asks.
    request: () => get('/api/v1/badges/b1.u-worker.0.AAAAAAAAAAAAAAAAAAAAAA'),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'GET /api/v1/regions/:code/warnings': {
    // Public and anonymised: any township, in scope or not.
    request: () => get(`/api/v1/regions/${FOREIGN.township}/warnings`),
    status: { anonymous: 200, resident: 200, browser: 200, grid_worker: 200, village_admin: 200, official: 200, admin: 200 }
  },
  'POST /api/v1/auth/logout': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/logout' }),
    status: { resident: 204, browser: 204, grid_worker: 204, village_admin: 204, official: 204, admin: 204 }
  }
}

const STAFF_USER: Record<StaffCaller, keyof typeof USERS> = {
  grid_worker: 'worker',
  village_admin: 'village',
  official: 'official',
  admin: 'admin'
}

const keyOf = (route: Pick<RouteEntry, 'method' | 'url'>) => `${route.method} ${route.url}`

/** What a `{ roles }` route must answer a caller, from its declared access alone. */
function refusalOf(access: RouteEntry['access'], caller: Caller): 401 | 403 | null {
  if (caller === 'anonymous') return access === 'public' ? null : 401
  if (access === 'public' || access === 'session') return null
  if (caller === 'resident' || caller === 'browser') return 403
  return access.roles.includes(caller) ? null : 403
}

test('an API route that declares no access is refused when the app is built', async () => {
  const server = await startServer('sqlite')
  try {
    const app = Fastify()
    await app.register(env, { config: server.config })
    await app.register(database, { database: server.database })
    await app.register(context, { cipher: server.app.cipher, now: () => new Date() })
    await app.register(authorization)
    expect(() => app.get('/api/v1/forgotten', async () => ({ secret: true }))).toThrow('declares no config.access')
    expect(() => app.get('/api/v1/declared', { config: { access: 'public' } }, async () => ({}))).not.toThrow()
    await app.close()
  } finally {
    await server.close()
  }
})

describe.each(databases())('authorization matrix on %s', (dialect) => {
  let world: World
  /** Plays WeChat for the 小程序码 route, over real HTTP. */
  let wechat: TestServer

  beforeAll(async () => {
    wechat = await startServer('sqlite', { ...WECHAT, wechatStandIn: true })
    const wechatApiBase = `${await wechat.app.listen({ port: 0, host: '127.0.0.1' })}/wechat-stand-in`
    const server = await startServer(dialect, { ...WECHAT, wechatApiBase })
    await seedWorld(server.database.db)
    const foreignWorker = await seedForeignCity(server)
    const worker = await login(server, 'worker')
    const own = await push(server, worker, [householdUpsert({ id: OWN.household, gridId: GRID_A }), memberUpsert({ id: OWN.member, householdId: OWN.household })])
    expect(own.map((result) => result.status)).toEqual(['applied', 'applied'])
    const invite = async (auth: { authorization: string }, household: string) =>
      (await server.app.inject({ method: 'POST', url: `/api/v1/households/${household}/invites`, headers: auth })).json().token as string
    world = {
      server,
      roster: await xlsxOf([['姓名', '组/小区', '门牌号'], ['测试甲', '十组', '1']]),
      invites: { own: await invite(worker, OWN.household), ownToRevoke: await invite(worker, OWN.household), foreign: await invite(foreignWorker, FOREIGN.household) },
      uploads: { own: await attachedUpload(server, OWN.household), foreign: await attachedUpload(server, FOREIGN.household) },
      staffInvites: {
        village_admin: await staffInvite(server, VILLAGE, GRID_A),
        admin: await staffInvite(server, VILLAGE, GRID_A),
        foreign: await staffInvite(server, FOREIGN.village, FOREIGN.grid)
      }
    }
  })
  afterAll(async () => {
    await world.server.close()
    await wechat.close()
  })

  /** A fresh session per request (created directly: no scrypt), so logout in one cell spares the rest. */
  async function headersOf(caller: Caller): Promise<Record<string, string>> {
    if (caller === 'anonymous') return {}
    const sessions = world.server.app.sessions
    if (caller === 'browser') {
      const response = await world.server.app.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { inviteToken: world.invites.own } })
      return { authorization: `Bearer ${response.json().token}` }
    }
    const userId = caller === 'resident' ? null : USERS[STAFF_USER[caller]].id
    const { token } = await sessions.create({ userId, wechatOpenid: caller === 'resident' ? `o-resident-${uuid()}` : null })
    return { authorization: `Bearer ${token}` }
  }

  async function send(request: InjectOptions, caller: Caller): Promise<LightMyRequestResponse> {
    return world.server.app.inject({ ...request, headers: { ...request.headers, ...(await headersOf(caller)) } })
  }

  test('every registered API route has an entry, and every entry a route', () => {
    const registered = world.server.app.routeTable.map(keyOf).sort()
    expect(registered.length).toBeGreaterThan(10)
    expect([...Object.keys(STAFF_ROUTES), ...Object.keys(OPEN_ROUTES)].sort()).toEqual(registered)
    for (const route of world.server.app.routeTable) {
      const open = route.access === 'public' || route.access === 'session'
      expect({ route: keyOf(route), listedAs: keyOf(route) in OPEN_ROUTES ? 'open' : 'staff' }).toEqual({ route: keyOf(route), listedAs: open ? 'open' : 'staff' })
    }
  })

  const cells = () =>
    world.server.app.routeTable.flatMap((route) => CALLERS.map((caller) => ({ route, caller })))

  test('each cell answers as the route’s access and the caller’s scope say', async () => {
    const failures: unknown[] = []
    for (const { route, caller } of cells()) {
      const key = keyOf(route)
      try {
        await checkCell(key, route.access, caller)
      } catch (error) {
        failures.push({ route: key, caller, error: error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : error })
      }
    }
    expect(failures).toEqual([])
  })

  async function checkCell(key: string, access: RouteEntry['access'], caller: Caller): Promise<void> {
    const open = OPEN_ROUTES[key]
    if (open) {
      const expected = caller === 'anonymous' && access === 'session' ? 401 : open.status[caller]
      expect((await send(open.request(world), caller)).statusCode).toBe(expected)
      return
    }
    const staff = STAFF_ROUTES[key]
    const refusal = refusalOf(access, caller)
    const probe = staff.foreign ?? staff.own
    if (refusal !== null) {
      const request = probe(world, 'admin')!
      const response = await send(request, caller)
      expect(response.statusCode).toBe(refusal)
      expect(response.json().error.code).toBe(refusal === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN')
      return
    }
    const staffCaller = caller as StaffCaller
    if (staff.foreign) {
      const response = await send(staff.foreign(world, staffCaller), caller)
      if (staff.expectForeign) staff.expectForeign(response)
      else {
        expect(response.statusCode).toBe(404)
        expect(response.json().error.code).toBe('NOT_FOUND')
      }
    }
    const own = staff.own(world, staffCaller)
    if (own) {
      const response = await send(own, caller)
      if (staff.expectOwn) staff.expectOwn(response)
      else expect(response.statusCode).toBe(200)
    }
  }
})

async function staffInvite(server: TestServer, village: string, grid: string): Promise<string> {
  const invite = await createStaffInvite(server.database.db, server.app.cipher, {
    name: '待邀请',
    role: 'grid_worker',
    scopeRegionCode: village,
    gridIds: [grid],
    createdBy: null,
    ttlDays: 7,
    now: server.clock.now
  })
  return invite.code
}

/** 太原市 小店区: a city none of the fixture users covers, with a grid, a household, a member and a visit. */
async function seedForeignCity(server: TestServer): Promise<{ authorization: string }> {
  const db = server.database.db
  await db
    .insertInto('regions')
    .values([
      { code: FOREIGN.city, name: '太原市', level: 'city', parent_code: '14' },
      { code: FOREIGN.county, name: '小店区', level: 'county', parent_code: FOREIGN.city },
      { code: FOREIGN.township, name: '坞城街道', level: 'township', parent_code: FOREIGN.county },
      { code: FOREIGN.village, name: '坞城社区居委会', level: 'village', parent_code: FOREIGN.township }
    ])
    .execute()
  await db.insertInto('grids').values({ id: FOREIGN.grid, name: '坞城一网格', village_code: FOREIGN.village, created_at: '2026-11-01T00:00:00.000Z' }).execute()
  const workerId = `u-foreign-${crypto.randomBytes(4).toString('hex')}`
  await db
    .insertInto('users')
    .values({
      id: workerId,
      username: 'foreign-worker',
      password_hash: await hashPassword('foreign-password'),
      name: '外市网格员',
      role: 'grid_worker',
      scope_region_code: FOREIGN.village,
      wechat_openid: null,
      created_at: '2026-11-01T00:00:00.000Z',
      disabled_at: null
    })
    .execute()
  await db.insertInto('user_grids').values({ user_id: workerId, grid_id: FOREIGN.grid }).execute()
  const signedIn = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: 'foreign-worker', password: 'foreign-password' } })
  const auth = { authorization: `Bearer ${signedIn.json().token}` }
  const applied = await push(server, auth, [
    householdUpsert({ id: FOREIGN.household, gridId: FOREIGN.grid }),
    memberUpsert({ id: FOREIGN.member, householdId: FOREIGN.household }),
    visitRecord({ id: FOREIGN.visit, householdId: FOREIGN.household })
  ])
  expect(applied.map((result) => result.status)).toEqual(['applied', 'applied', 'applied'])
  return auth
}
