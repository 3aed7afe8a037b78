import type { Role } from '../../../src/core/api'
import { demoId } from './ids'

/**
 * The demo world, on Linfen's real region tree: 尧都区大阳镇 (141002102), a rural town of 17 villages,
 * with its seat 大阳村 (141002102200) split into four grids, and four more of its villages with one
 * grid each. Coverage differs by grid and village so the official's township page has something to say.
 */
export const DEMO_PASSWORD = 'wuzha-demo'
export const DEMO_CITY = '1410'
export const DEMO_TOWNSHIP = '141002102'
export const DEMO_VILLAGE = '141002102200'

export interface DemoAccount {
  id: string
  /** null: staff who sign in with WeChat only (the other villages' grid workers). */
  username: string | null
  name: string
  role: Exclude<Role, 'resident'>
  scopeRegionCode: string
}

function account(key: string, username: string | null, name: string, role: DemoAccount['role'], scopeRegionCode: string): DemoAccount {
  return { id: demoId('user', key), username, name, role, scopeRegionCode }
}

export const DEMO_ACCOUNTS = {
  admin: account('admin', 'demo-admin', '郭文华', 'admin', DEMO_CITY),
  official: account('official', 'demo-official', '王建军', 'official', DEMO_TOWNSHIP),
  village: account('village', 'demo-village', '李秀梅', 'village_admin', DEMO_VILLAGE),
  worker: account('worker', 'demo-worker', '张晓燕', 'grid_worker', DEMO_VILLAGE),
  worker2: account('worker2', 'demo-worker2', '刘海军', 'grid_worker', DEMO_VILLAGE),
  worker3: account('worker3', 'demo-worker3', '陈丽娟', 'grid_worker', DEMO_VILLAGE),
  poziWorker: account('pozi-worker', null, '杨红梅', 'grid_worker', '141002102202'),
  wangyaWorker: account('wangya-worker', null, '王志强', 'grid_worker', '141002102203'),
  dabaoWorker: account('dabao-worker', null, '赵春燕', 'grid_worker', '141002102204'),
  chennianWorker: account('chennian-worker', null, '陈建平', 'grid_worker', '141002102208')
} as const

/** How a grid's homes are addressed: village groups (三组 12号) or blocks of flats (5栋2单元301). */
export type DemoHousing = { kind: 'groups'; groups: ReadonlyArray<string> } | { kind: 'flats'; estate: string; buildings: number }

export interface DemoGrid {
  id: string
  /** Stable key of the grid: the demo's ids derive from it. */
  key: string
  villageCode: string
  name: string
  worker: DemoAccount | null
  households: number
  housing: DemoHousing
  /** Share of eligible members registered in the app. */
  registeredRate: number
  /** Share of households visited in the current quarter. */
  visitRate: number
}

type GridFacts = Omit<DemoGrid, 'id' | 'key' | 'villageCode' | 'name' | 'worker'>

function grid(key: string, villageCode: string, name: string, worker: DemoAccount | null, rest: GridFacts): DemoGrid {
  return { id: demoId('grid', key), key, villageCode, name, worker, ...rest }
}

const groups = (...names: string[]): DemoHousing => ({ kind: 'groups', groups: names })

export const DEMO_GRIDS: ReadonlyArray<DemoGrid> = [
  grid('dayang-1', DEMO_VILLAGE, '第一网格', DEMO_ACCOUNTS.worker, {
    households: 72,
    housing: groups('一组', '二组', '三组'),
    registeredRate: 0.68,
    visitRate: 0.75
  }),
  grid('dayang-2', DEMO_VILLAGE, '第二网格', DEMO_ACCOUNTS.worker2, {
    households: 36,
    housing: groups('四组', '五组', '六组'),
    registeredRate: 0.62,
    visitRate: 0.6
  }),
  grid('dayang-3', DEMO_VILLAGE, '第三网格', DEMO_ACCOUNTS.worker3, {
    households: 30,
    housing: { kind: 'flats', estate: '幸福小区', buildings: 5 },
    registeredRate: 0.55,
    visitRate: 0.5
  }),
  // Newly split off and still without a worker: the demo's staff invitation is for this grid.
  grid('dayang-4', DEMO_VILLAGE, '第四网格', null, { households: 0, housing: groups('七组', '八组'), registeredRate: 0, visitRate: 0 }),
  grid('pozi-1', '141002102202', '第一网格', DEMO_ACCOUNTS.poziWorker, {
    households: 20,
    housing: groups('一组', '二组'),
    registeredRate: 0.84,
    visitRate: 0.9
  }),
  grid('wangya-1', '141002102203', '第一网格', DEMO_ACCOUNTS.wangyaWorker, {
    households: 16,
    housing: groups('一组', '二组', '三组'),
    registeredRate: 0.45,
    visitRate: 0.4
  }),
  grid('dabao-1', '141002102204', '第一网格', DEMO_ACCOUNTS.dabaoWorker, {
    households: 14,
    housing: groups('东组', '西组'),
    registeredRate: 0.72,
    visitRate: 0.7
  }),
  grid('chennian-1', '141002102208', '第一网格', DEMO_ACCOUNTS.chennianWorker, {
    households: 12,
    housing: groups('一组', '二组'),
    registeredRate: 0.3,
    visitRate: 0.25
  })
]

/** The grid the demo's staff invitation binds a new grid worker to, and the name it is issued in. */
export const DEMO_INVITE = { gridKey: 'dayang-4', name: '孙丽', ttlDays: 30 } as const
