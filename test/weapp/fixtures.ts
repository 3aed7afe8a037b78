/** Data shaped like the server's answers (API.md), for the compiled-app tests. */
export const VILLAGE = '141002001001'
export const GRID_ID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'

export const WORKER = {
  id: 'u-worker',
  name: '张小明',
  role: 'grid_worker',
  scope: { regionCode: VILLAGE, gridIds: [GRID_ID] }
}

/** wx storage of an install where the grid worker is signed in. */
export function signedInWorkerStorage(): Record<string, unknown> {
  return {
    'wuzha.session': JSON.stringify({ token: 'worker-token', expiresAt: '2026-12-31T00:00:00+08:00', user: WORKER })
  }
}

export const HOUSEHOLDS = [
  {
    id: '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01',
    gridId: GRID_ID,
    villageCode: VILLAGE,
    addressText: '三组 5栋 2单元 301号',
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
  return { entity: 'household', id: household.id, op: 'upsert', data: { address: {}, note: null, version: 1, ...household, ...extra } }
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

/** The heads of HOUSEHOLDS, by full name (search matches member names); only 李强 is 60+ (priority). */
export const HEADS = [
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f01', householdId: HOUSEHOLDS[0].id, name: '王建华', birthYear: 1980, isHead: true }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f02', householdId: HOUSEHOLDS[1].id, name: '欧阳志明', birthYear: 1985, isHead: true }),
  memberChange({ id: '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f03', householdId: HOUSEHOLDS[2].id, name: '李强', birthYear: 1950, isHead: true })
]

/** GET /sync/pull of the grid: `changes` up to `cursor`, nothing newer after it. */
export function answerPull(query: Record<string, string>, changes: unknown[], cursor = '10') {
  if (query.grid !== GRID_ID) return { status: 404, data: { error: { code: 'NOT_FOUND', message: '网格不存在或无权查看' } } }
  if (Number(query.since) >= Number(cursor)) return { data: { changes: [], cursor: query.since, hasMore: false } }
  return { data: { changes, cursor, hasMore: false } }
}

/**
 * A grid's change log as the server keeps it, for tests that push: GET /sync/pull answers what came
 * after `since` (the cursor is the log's length), and each pushed visit adds the visit and its
 * household's new lastVisitAt to the log, so a pull after a push brings the visit back. `base`: where
 * the log starts, for a phone that already pulled from another fake server in the same run.
 */
export function gridServer(initial: Array<{ entity: string; id: string; data?: any }>, base = 0) {
  const log = [...initial]
  const cursor = () => String(base + log.length)
  const households = new Map(initial.filter((change) => change.entity === 'household').map((change) => [change.id, change.data]))
  return {
    pull(query: Record<string, string>) {
      if (query.grid !== GRID_ID) return { status: 404, data: { error: { code: 'NOT_FOUND', message: '网格不存在或无权查看' } } }
      return { data: { changes: log.slice(Math.max(0, Number(query.since) - base)), cursor: cursor(), hasMore: false } }
    },
    push(mutations: Array<{ id: string; type: string; payload: any }>) {
      for (const { type, payload } of mutations) {
        if (type !== 'visit.record') continue
        const visit = { note: null, workerId: WORKER.id, workerName: WORKER.name, ...payload }
        log.push({ entity: 'visit', id: visit.id, op: 'upsert', data: visit } as any)
        const household = { ...households.get(visit.householdId), lastVisitAt: visit.at }
        households.set(visit.householdId, household)
        log.push({ entity: 'household', id: household.id, op: 'upsert', data: household } as any)
      }
      return { data: { results: mutations.map((m) => ({ id: m.id, status: 'applied' })), cursor: cursor() } }
    }
  }
}
