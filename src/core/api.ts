import { z } from 'zod'
import type { CertificationView } from './certification'
import type { RegionLevel } from './regions'
import type { Address } from './household'
import type { AppStatus } from './appStatus'
import type { Gender, PriorityTag, SmartphoneAnswer } from './member'
import type { VisitAction, VisitKind } from './visit'
import type { ScoredIndicator, ScoreGap, Veto } from './scoring'

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

/** A score's status (DESIGN §3). */
export type ScoreStatus = 'certified' | 'in_progress' | 'vetoed'
/** A dashboard row's status: a score's, or `not_started` for a village with no households yet. */
export type VillageStatus = ScoreStatus | 'not_started'

/** The rule set version a score or dashboard was computed with. */
export interface RuleSetRef {
  id: string
  version: number
}

/** GET /scores/villages/:code: the village's explained score with its gap list (API.md). */
export interface VillageScoreView {
  village: { code: string; name: string }
  period: string
  ruleSet: RuleSetRef
  points: number
  status: ScoreStatus
  indicators: ScoredIndicator[]
  vetoes: Veto[]
  gaps: ScoreGap[]
}

export interface DashboardVillage {
  code: string
  name: string
  households: number
  /** null for a village that has not started (no households), and for a row of child regions. */
  points: number | null
  status: VillageStatus
  appCoverage: number
  visitCoverage: number
  /** Rows of child regions only (a city's counties): villages under it and how many are certified. */
  villages?: number
  certified?: number
}

export interface Dashboard {
  region: RegionRef
  period: string
  ruleSet: RuleSetRef
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
