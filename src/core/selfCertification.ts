import { z } from 'zod'
import { APP_STATUS_LABELS, type AppStatusValue } from './appStatus'
import { isRegionCode } from './regions'
import { fieldError, toFieldErrors, type FieldError } from './validation'

/**
 * A resident's self-certification (DESIGN §2, API.md "Residents"): the request body of
 * POST /certifications, the invitation it is made from, and the states it goes through.
 */

/** What a resident may declare: a refusal is the worker's to record, with a reason, never self-declared. */
export const DECLARABLE_STATUSES = ['installed_unregistered', 'registered', 'not_installed'] as const satisfies readonly AppStatusValue[]
export type DeclarableStatus = (typeof DECLARABLE_STATUSES)[number]

export const DECLARABLE_STATUS_CHOICES = DECLARABLE_STATUSES.map((status) => ({ status, label: APP_STATUS_LABELS[status] }))

export const certificationRequestSchema = z.strictObject({
  inviteToken: z.string('必须填写').min(1, '不能为空').max(200, '太长'),
  memberId: z.uuid('请选择要登记的家庭成员'),
  status: z.enum(DECLARABLE_STATUSES, '请选择APP状态'),
  alertsOn: z.boolean('请选择是否已开启'),
  region: z.string().refine(isRegionCode, '应为2到12位区划代码').optional(),
  uploadId: z.string().min(1, '不能为空').max(100, '太长').optional(),
  phoneLast4: z.string().regex(/^\d{4}$/, '应为4位数字').optional(),
  consent: z.literal(true, '请先阅读并同意《用户隐私保护指引》')
})
export type CertificationRequest = z.infer<typeof certificationRequestSchema>

/** GET /invites/:token: the household as a resident may see it. */
export interface InviteMember {
  id: string
  nameMasked: string
  /** The member's phone is on file, so the resident confirms its last four digits; absent means no. */
  needsPhoneLast4?: boolean
}
export interface InviteView {
  village: { name: string }
  addressMasked: string
  members: InviteMember[]
}

export const CERTIFICATION_STATES = ['pending', 'accepted', 'rejected'] as const
export type CertificationState = (typeof CERTIFICATION_STATES)[number]
export const CERTIFICATION_STATE_LABELS: Record<CertificationState, string> = {
  pending: '待审核',
  accepted: '已通过',
  rejected: '未通过'
}

/** GET /certifications/mine: what this WeChat identity submitted and how it was decided. */
export interface MyCertification {
  id: string
  memberNameMasked: string
  state: CertificationState
  reason?: string | null
}

/**
 * Checks a certification before it is sent, with the rule the schema cannot know: where the member's
 * phone is on file, its last four digits are required (and only then sent).
 */
export function checkCertification(
  draft: Partial<CertificationRequest>,
  member: InviteMember | undefined
): { ok: true; request: CertificationRequest } | { ok: false; errors: FieldError[] } {
  const needsPhone = member?.needsPhoneLast4 === true
  const body = { ...draft, phoneLast4: needsPhone ? draft.phoneLast4 : undefined }
  const parsed = certificationRequestSchema.safeParse(body)
  const errors = parsed.success ? [] : toFieldErrors(parsed.error.issues)
  if (needsPhone && !draft.phoneLast4) {
    const others = errors.filter((error) => error.field !== 'phoneLast4')
    return { ok: false, errors: [...others, fieldError(['phoneLast4'], '必须填写（登记手机号的后4位）')] }
  }
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, errors }
}
