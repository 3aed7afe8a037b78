import { EMPTY_GRID, applyPulledPage, type LocalGrid } from '../../src/core/localCache'
import { applyMutationLocally, type Mutation } from '../../src/core/mutations'
import { formatAddress } from '../../src/core/household'
import { decodeGrid, type CompactGrid } from '../../src/core/compactGrid'

/** Data shaped like the server's answers (API.md), for the compiled-app tests. */
export const VILLAGE = '141002001001'
export const GRID_ID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'

export const WORKER = {
  id: 'u-worker',
  name: '张小明',
  role: 'grid_worker',
  scope: { regionCode: VILLAGE, gridIds: [GRID_ID] }
}

/** The storage key of one of the worker's own values (`outbox.pending`, `grid.<id>`): kept per user. */
export function workerKey(name: string): string {
  return `wuzha.user.${WORKER.id}.${name}`
}

/** The phone's copy of a grid as the app stored it under `grid.<id>` (core/compactGrid), read back as records. */
export function storedGridCopy(stored: { cursor: string; pulledAt: string | null; grid: CompactGrid }): { cursor: string; pulledAt: string | null; grid: LocalGrid } {
  return { ...stored, grid: decodeGrid(stored.grid) }
}

/** wx storage of an install where `user` is signed in with `token`. */
export function signedInStorage(token: string, user: { id: string; name: string; role: string; scope: { regionCode: string } }): Record<string, unknown> {
  return {
    'wuzha.session': JSON.stringify({ token, expiresAt: '2026-12-31T00:00:00+08:00', user })
  }
}

/** wx storage of an install where the grid worker is signed in. */
export function signedInWorkerStorage(): Record<string, unknown> {
  return signedInStorage('worker-token', WORKER)
}

export const HOUSEHOLDS = [
  {
    id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01',
    gridId: GRID_ID,
    villageCode: VILLAGE,
    addressText: '三组 5栋 2单元 301号',
    address: { group: '三组', building: '5', unit: '2', door: '301' },
    headNameMasked: '王*华',
    memberCount: 3,
    eligible: 2,
    registered: 1,
    lastVisitAt: '2026-11-20T10:30:00+08:00'
  },
  {
    id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e02',
    gridId: GRID_ID,
    villageCode: VILLAGE,
    addressText: '三组 6栋 1单元 102号',
    address: { group: '三组', building: '6', unit: '1', door: '102' },
    headNameMasked: '欧**明',
    memberCount: 1,
    eligible: 1,
    registered: 1,
    lastVisitAt: null
  },
  {
    id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e03',
    gridId: GRID_ID,
    villageCode: VILLAGE,
    addressText: '四组 村东头',
    address: { group: '四组', text: '村东头' },
    headNameMasked: '李*',
    memberCount: 4,
    eligible: 3,
    registered: 0,
    lastVisitAt: null
  }
]

/** GET /households as the server answers it: scope by grid, `q` matches address or head name. */
export function answerHouseholdList(query: Record<string, string>) {
  if (query.grid !== GRID_ID) return { status: 404, data: { error: { code: 'NOT_FOUND', message: '网格不存在或无权查看' } } }
  const q = query.q ?? ''
  const fullHeadNames: Record<string, string> = { [HOUSEHOLDS[0].id]: '王建华', [HOUSEHOLDS[1].id]: '欧阳志明', [HOUSEHOLDS[2].id]: '李强' }
  const items = HOUSEHOLDS.filter((h) => !q || h.addressText.includes(q) || fullHeadNames[h.id].includes(q))
  return { data: { items, nextCursor: null } }
}

/** One household as GET /sync/pull sends it (the list fields plus address, note and version). */
export function householdChange(household: (typeof HOUSEHOLDS)[number] | Record<string, any>, extra: Record<string, unknown> = {}) {
  return { entity: 'household', id: household.id, op: 'upsert', data: { note: null, version: 1, ...household, ...extra } }
}

/** A member as GET /sync/pull sends it. */
/** A member as the API shows it (MemberView), with the defaults of a freshly registered adult. */
export function memberView(fields: Record<string, any> & { id: string; householdId: string; name: string }) {
  return {
    gender: 'unknown',
    birthYear: null,
    phoneMasked: null,
    idNumberMasked: null,
    relation: null,
    smartphone: 'yes',
    away: null,
    tags: [],
    isHead: false,
    app: null,
    ...fields
  }
}

export function memberChange(fields: Record<string, any> & { id: string; householdId: string; name: string }) {
  return { entity: 'member', id: fields.id, op: 'upsert', data: memberView(fields) }
}

/**
 * The members of HOUSEHOLDS, whose figures are the list fields above (the phone computes them from its
 * records): 王建华's household has 3 members, 2 counted by app coverage, 1 registered; 欧阳志明 lives
 * alone, registered; 李强's has 4 members, 3 counted, none registered. Only 李强 is 60+ (priority).
 */
export const MEMBERS = [
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f01', householdId: HOUSEHOLDS[0].id, name: '王建华', birthYear: 1980, isHead: true, app: registeredApp() }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f11', householdId: HOUSEHOLDS[0].id, name: '李秀兰', birthYear: 1982 }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f12', householdId: HOUSEHOLDS[0].id, name: '王小宝', birthYear: 2018 }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f02', householdId: HOUSEHOLDS[1].id, name: '欧阳志明', birthYear: 1985, isHead: true, app: registeredApp() }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f03', householdId: HOUSEHOLDS[2].id, name: '李强', birthYear: 1950, isHead: true }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f31', householdId: HOUSEHOLDS[2].id, name: '李华', birthYear: 1978 }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f32', householdId: HOUSEHOLDS[2].id, name: '李娜', birthYear: 1980 }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f33', householdId: HOUSEHOLDS[2].id, name: '李小雨', birthYear: 2019 })
]

function registeredApp() {
  return { status: 'registered', alertsOn: true, region: VILLAGE, evidence: 'in_person', reason: null, updatedAt: '2026-11-01T02:00:00.000Z' }
}

/** A visit as GET /sync/pull sends it (its time in UTC, as the server stores it). */
export function visitChange(fields: Record<string, any> & { id: string; householdId: string; at: string }) {
  const data = { workerId: WORKER.id, workerName: WORKER.name, kind: 'in_person', actions: ['cases_explained'], note: null, ...fields, at: new Date(fields.at).toISOString() }
  return { entity: 'visit', id: fields.id, op: 'upsert', data }
}

/** The visit behind HOUSEHOLDS[0].lastVisitAt. */
export const VISITS = [visitChange({ id: 'a1b2c3d4-0000-4000-8000-0000000000a1', householdId: HOUSEHOLDS[0].id, at: HOUSEHOLDS[0].lastVisitAt! })]

/** The grid of HOUSEHOLDS as GET /sync/pull sends it, in address order (the server's order). */
export const GRID_CHANGES = [...HOUSEHOLDS.map((household) => householdChange(household)), ...MEMBERS, ...VISITS]

/** GET /sync/pull of the grid: `changes` up to `cursor`, nothing newer after it. */
export function answerPull(query: Record<string, string>, changes: unknown[], cursor = '10') {
  if (query.grid !== GRID_ID) return { status: 404, data: { error: { code: 'NOT_FOUND', message: '网格不存在或无权查看' } } }
  if (Number(query.since) >= Number(cursor)) return { data: { changes: [], cursor: query.since, hasMore: false } }
  return { data: { changes, cursor, hasMore: false } }
}

/**
 * A grid's change log as the server keeps it, for tests that push: GET /sync/pull answers what came
 * after `since` (the cursor is the log's length), and each pushed mutation logs the records it changed,
 * as the server does — a visit logs the visit alone, never its household. The records follow the
 * server's field rules by way of the core's local apply (src/core/mutations), which the sync-model
 * tests hold to the real server. `base`: where the log starts, for a phone that already pulled from
 * another fake server in the same run.
 */
 
export function gridServer(initial: any[], base = 0) {
  const log: unknown[] = [...initial]
  let grid: LocalGrid = applyPulledPage(EMPTY_GRID, initial)
  const cursor = () => String(base + log.length)
  return {
    pull(query: Record<string, string>) {
      if (query.grid !== GRID_ID) return { status: 404, data: { error: { code: 'NOT_FOUND', message: '网格不存在或无权查看' } } }
      return { data: { changes: log.slice(Math.max(0, Number(query.since) - base)), cursor: cursor(), hasMore: false } }
    },
    push(mutations: Mutation[]) {
      for (const mutation of mutations) {
        const before = grid
        grid = applyMutationLocally(grid, mutation, { now: new Date(), worker: { id: WORKER.id, name: WORKER.name } })
        log.push(...changedRecords(before, grid))
      }
      return { data: { results: mutations.map((m) => ({ id: m.id, status: 'applied' })), cursor: cursor() } }
    }
  }
}

function changedRecords(before: LocalGrid, after: LocalGrid) {
  const changes: unknown[] = []
  for (const [entity, table] of [['household', 'households'], ['member', 'members'], ['visit', 'visits']] as const) {
    const was: Record<string, unknown> = before[table]
    const is: Record<string, any> = after[table]
    for (const [id, record] of Object.entries(is)) {
      if (was[id] === record) continue
      const data = entity === 'household' ? { ...record, villageCode: record.villageCode || VILLAGE, addressText: formatAddress(record.address) } : record
      changes.push({ entity, id, op: 'upsert', data })
    }
    for (const id of Object.keys(was)) if (!(id in is)) changes.push({ entity, id, op: 'delete' })
  }
  return changes
}
