import { z } from 'zod'
import { isRegionCode } from './regions'
import { freeTextField } from './freeText'

export const APP_STATUSES = ['not_installed', 'installed_unregistered', 'registered', 'refused'] as const
export const EVIDENCE_KINDS = ['self_declared', 'screenshot', 'in_person'] as const
export type AppStatusValue = (typeof APP_STATUSES)[number]
export type Evidence = (typeof EVIDENCE_KINDS)[number]

export const APP_STATUS_LABELS: Record<AppStatusValue, string> = {
  not_installed: '未安装',
  installed_unregistered: '已安装未注册',
  registered: '已注册',
  refused: '拒绝安装'
}
export const EVIDENCE_LABELS: Record<Evidence, string> = {
  self_declared: '本人申报',
  screenshot: '截图核实',
  in_person: '当面核实'
}

/** Evidence only goes up: in person beats a screenshot beats a declaration. */
export const EVIDENCE_RANK: Record<Evidence, number> = { self_declared: 1, screenshot: 2, in_person: 3 }

export const memberAppSchema = z
  .strictObject({
    memberId: z.uuid('格式不正确'),
    status: z.enum(APP_STATUSES, '请选择APP状态'),
    alertsOn: z.boolean().optional(),
    region: z.string().refine(isRegionCode, '应为2到12位区划代码').optional(),
    evidence: z.enum(EVIDENCE_KINDS, '请选择核实方式'),
    reason: freeTextField(100).optional()
  })
  .refine((app) => app.status !== 'refused' || Boolean(app.reason), {
    message: '必须填写（拒绝安装时需说明）',
    path: ['reason']
  })
export type MemberApp = z.infer<typeof memberAppSchema>

/** The app status as stored and shown: what the member's phone has, and how we know. */
export interface AppStatus {
  status: AppStatusValue
  alertsOn: boolean
  region: string | null
  evidence: Evidence
  /** Why, as the worker wrote it: the reason of a refusal (or of a corrected evidence); null when none. */
  reason: string | null
  updatedAt: string
}

export function isEvidenceDowngrade(current: Evidence | null | undefined, next: Evidence): boolean {
  return current != null && EVIDENCE_RANK[next] < EVIDENCE_RANK[current]
}
