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
