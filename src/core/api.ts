import { z } from 'zod'
import type { CertificationView } from './certification'
import type { RegionLevel } from './regions'
import type { Address } from './household'
import type { AppStatus } from './appStatus'
import type { Gender, PriorityTag, SmartphoneAnswer } from './member'
import type { VisitAction, VisitKind } from './visit'

/** Shapes of the HTTP contract (../shared/API.md), shared by the app and the server. */

export const ROLES = ['admin', 'official', 'village_admin', 'grid_worker', 'resident'] as const
export type Role = (typeof ROLES)[number]
export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  official: '乡镇/街道干部',
  village_admin: '村/社区管理员',
  grid_worker: '网格员',
  resident: '居民'
}

export interface UserScope {
  regionCode?: string
  gridIds?: string[]
}

export interface User {
  id: string
  name: string
  role: Role
  scope: UserScope
}

export interface ApiErrorBody {
  error: {
    code:
      | 'VALIDATION_FAILED'
      | 'UNAUTHENTICATED'
      | 'FORBIDDEN'
      | 'NOT_FOUND'
      | 'CONFLICT'
      | 'TOO_LARGE'
      | 'UNSUPPORTED_MEDIA_TYPE'
      | 'RATE_LIMITED'
    message: string
    details?: unknown[]
  }
}

export const passwordLoginSchema = z.strictObject({
  username: z.string('必须填写').trim().min(1, '不能为空').max(64, '太长'),
  password: z.string('必须填写').min(1, '不能为空').max(128, '太长')
})
export const wechatLoginSchema = z.strictObject({ code: z.string('必须填写').min(1, '不能为空').max(128, '太长') })
export const bindSchema = z.strictObject({ inviteCode: z.string('必须填写').trim().min(1, '不能为空').max(64, '太长') })

export interface LoginResponse {
  token: string
  expiresAt: string
  user: User | null
}

export interface RegionRef {
  code: string
  name: string
  level: RegionLevel
}
export interface RegionDetail extends RegionRef {
  parentCode: string | null
  children: RegionRef[]
}

export interface GridWorkerRef {
  id: string
  name: string
}
export interface Grid {
  id: string
  name: string
  villageCode: string
  workers: GridWorkerRef[]
}

export const HOUSEHOLD_FILTERS = ['not_registered', 'priority', 'not_visited'] as const
export type HouseholdFilter = (typeof HOUSEHOLD_FILTERS)[number]

export interface HouseholdSummary {
  id: string
  gridId: string
  villageCode: string
  addressText: string
  headNameMasked: string
  memberCount: number
  eligible: number
  registered: number
  lastVisitAt: string | null
}

export interface MemberView {
  id: string
  householdId: string
  name: string
  gender: Gender
  birthYear: number | null
  phoneMasked: string | null
  idNumberMasked: string | null
  relation: string | null
  smartphone: SmartphoneAnswer
  away: { place: string } | null
  tags: PriorityTag[]
  isHead: boolean
  app: AppStatus | null
}

export interface VisitView {
  id: string
  householdId: string
  workerId: string
  workerName: string
  kind: VisitKind
  at: string
  actions: VisitAction[]
  note: string | null
}

export interface HouseholdDetail extends HouseholdSummary {
  address: Address
  note: string | null
  version: number
  members: MemberView[]
  visits: VisitView[]
  certifications: CertificationView[]
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type VillageStatus = 'certified' | 'in_progress' | 'vetoed'

export interface DashboardVillage {
  code: string
  name: string
  points: number
  status: VillageStatus
  appCoverage: number
  visitCoverage: number
}

export interface Dashboard {
  region: RegionRef
  period: string
  totals: {
    villages: number
    certified: number
    households: number
    eligible: number
    registered: number
    visitedHouseholds: number
  }
  villages: DashboardVillage[]
  trend: Array<{ date: string; appCoverage: number; visitCoverage: number; certified: number }>
}
