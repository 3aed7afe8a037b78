import { z } from 'zod'
import { APP_STATUS_LABELS, EVIDENCE_RANK, type AppStatusValue, type Evidence } from './appStatus'
import { isRegionCode } from './regions'
import { freeTextField } from './freeText'
import { fieldError, toFieldErrors, type FieldError } from './validation'
import { maskName } from './names'

/**
 * A resident's self-certification (issue #8): they open a household invitation, pick a member, declare
 * the 国家反诈中心 app status, and the grid worker reviews it (accept or reject with a reason). The
 * schemas here are API.md's bodies, shared by the resident pages, the worker's queue and the server.
 */

export const CERTIFICATION_STATES = ['pending', 'accepted', 'rejected'] as const
export type CertificationState = (typeof CERTIFICATION_STATES)[number]

export const CERTIFICATION_STATE_LABELS: Record<CertificationState, string> = {
  pending: '待审核',
  accepted: '已通过',
  rejected: '未通过'
}

/**
 * WeChat's content check of an attached screenshot (wxa/media_check_async): not asked yet (or WeChat
 * unreachable: the server asks again later), asked, and WeChat's verdict. A risky image is deleted at
 * once and never shown; the certification can still be decided, as 本人申报.
 */
export const UPLOAD_CHECK_STATES = ['unchecked', 'pending', 'pass', 'risky', 'review'] as const
export type UploadCheckState = (typeof UPLOAD_CHECK_STATES)[number]

export const UPLOAD_CHECK_LABELS: Record<UploadCheckState, string> = {
  unchecked: '未检测',
  pending: '检测中',
  pass: '已通过内容检测',
  risky: '截图未通过内容安全检测，已删除',
  review: '内容检测提示需人工复核'
}

/** Invitation tokens fit WeChat's 32-character `scene` of wxacode.getUnlimited (24 random bytes, base64url). */
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/, '格式不正确')

/** What a resident may declare: a refusal is the worker's to record, with a reason, never self-declared. */
export const DECLARABLE_STATUSES = ['installed_unregistered', 'registered', 'not_installed'] as const satisfies readonly AppStatusValue[]
export type DeclarableStatus = (typeof DECLARABLE_STATUSES)[number]

export const DECLARABLE_STATUS_CHOICES = DECLARABLE_STATUSES.map((status) => ({ status, label: APP_STATUS_LABELS[status] }))

/** POST /certifications. `phoneLast4` is required when the member has a phone on file (our addition to API.md). */
export const certificationSubmitSchema = z.strictObject({
  inviteToken: inviteTokenSchema,
  memberId: z.uuid('请选择要登记的家庭成员'),
  status: z.enum(DECLARABLE_STATUSES, '请选择APP状态'),
  alertsOn: z.boolean('请选择来电预警是否开启'),
  region: z.string().refine(isRegionCode, '应为2到12位区划代码').optional(),
  uploadId: z.uuid('格式不正确').optional(),
  phoneLast4: z.string().regex(/^\d{4}$/, '应为4位数字').optional(),
  consent: z.literal(true, '需阅读并同意')
})
export type CertificationSubmit = z.infer<typeof certificationSubmitSchema>

/** The `certification.review` mutation's payload (API.md); a rejection says why. */
export const certificationReviewSchema = z
  .strictObject({
    certificationId: z.uuid('格式不正确'),
    decision: z.enum(['accept', 'reject'], '请选择通过或不通过'),
    reason: freeTextField(100).optional()
  })
  .refine((review) => review.decision !== 'reject' || Boolean(review.reason), {
    message: '必须填写（不通过时需说明原因）',
    path: ['reason']
  })
export type CertificationReview = z.infer<typeof certificationReviewSchema>

/** A certification as the worker's queue and `/sync/pull` show it. */
export interface CertificationView {
  id: string
  householdId: string
  memberId: string
  memberNameMasked: string
  status: AppStatusValue
  alertsOn: boolean
  region: string | null
  /** The screenshot, readable by reviewers at GET /uploads/:id; null when none was attached. */
  uploadId: string | null
  /** The screenshot's content check (our addition); null without a screenshot, absent in older copies. */
  uploadCheck?: UploadCheckState | null
  state: CertificationState
  reason: string | null
  createdAt: string
  decidedAt: string | null
}

/**
 * The copy's certifications of these members named as the members are called now (`names`: member id →
 * full name), as the server's answer does — a rename writes no certification change of its own. The
 * same object when none changed.
 */
export function renameCertifications(
  certifications: Record<string, CertificationView> | undefined,
  names: ReadonlyMap<string, string>
): Record<string, CertificationView> | undefined {
  if (!certifications || names.size === 0) return certifications
  let renamed: Record<string, CertificationView> | undefined
  for (const certification of Object.values(certifications)) {
    const name = names.get(certification.memberId)
    if (name === undefined || maskName(name) === certification.memberNameMasked) continue
    renamed ??= { ...certifications }
    renamed[certification.id] = { ...certification, memberNameMasked: maskName(name) }
  }
  return renamed ?? certifications
}

/** A declaration with a screenshot is 截图核实, without one (or one the content check removed) 本人申报. */
export function certificationEvidence(certification: { uploadId: string | null; uploadCheck?: UploadCheckState | null }): Evidence {
  return certification.uploadId && certification.uploadCheck !== 'risky' ? 'screenshot' : 'self_declared'
}

/** Evidence never goes down on acceptance: a member verified in person stays so. */
export function acceptedEvidence(current: Evidence | null | undefined, declared: Evidence): Evidence {
  return current != null && EVIDENCE_RANK[current] > EVIDENCE_RANK[declared] ? current : declared
}

/**
 * The household's address as an invitation shows it to whoever holds the QR code: enough to recognise
 * one's own home (组 and 栋), not the door.
 */
export function inviteAddressMasked(address: { group?: string; building?: string; unit?: string; door?: string; text?: string }): string {
  const shown = [address.group, address.building && (/^\d+$/.test(address.building) ? `${address.building}栋` : address.building)]
    .filter((part): part is string => Boolean(part && part.trim()))
    .join(' ')
  if (shown) return `${shown} ***`
  const text = Array.from(address.text?.trim() ?? '')
  return text.length > 0 ? `${text.slice(0, 2).join('')}***` : '***'
}

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

/** GET /certifications/mine: what this WeChat identity submitted and how it was decided. */
export interface MyCertification {
  id: string
  memberNameMasked: string
  state: CertificationState
  reason?: string | null
}

/**
 * Checks a certification on the phone before it is sent, with the rule the schema cannot know: where the
 * member's phone is on file, its last four digits are required (and only then sent).
 */
export function checkCertification(
  draft: Partial<CertificationSubmit>,
  member: InviteMember | undefined
): { ok: true; request: CertificationSubmit } | { ok: false; errors: FieldError[] } {
  const needsPhone = member?.needsPhoneLast4 === true
  const body = { ...draft, phoneLast4: needsPhone ? draft.phoneLast4 : undefined }
  const parsed = certificationSubmitSchema.safeParse(body)
  const errors = parsed.success ? [] : toFieldErrors(parsed.error.issues)
  if (needsPhone && !draft.phoneLast4) {
    const others = errors.filter((error) => error.field !== 'phoneLast4')
    return { ok: false, errors: [...others, fieldError(['phoneLast4'], '必须填写（该成员登记了手机号）')] }
  }
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, errors }
}
