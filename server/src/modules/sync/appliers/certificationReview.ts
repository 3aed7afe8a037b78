import type { MutationPayload } from '../../../../../src/core/mutations'
import type { AppStatusValue, Evidence } from '../../../../../src/core/appStatus'
import { acceptedEvidence, certificationEvidence, type UploadCheckState } from '../../../../../src/core/certification'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import { MemberRepository } from '../../households/memberRepository'
import { CertificationRepository } from '../../certifications/certificationRepository'
import { UploadRepository } from '../../uploads/uploadRepository'
import type { Change } from '../changeLogRepository'
import { conflict, liveHouseholdInScope, upserted, type ApplyContext } from './context'
import { writeMemberApp } from './memberApp'

/**
 * A grid worker decides a resident's certification. Only a pending one of a household in the worker's
 * scope; accepting records the member's app status as declared, with evidence 截图核实 (a screenshot is
 * attached and not removed by the content check) or 本人申报 — never below what the member already has (acceptedEvidence); rejecting keeps the
 * reason (the schema requires one) for the resident to read.
 */
export async function applyCertificationReview(ctx: ApplyContext, payload: MutationPayload<'certification.review'>): Promise<Change[]> {
  const certifications = new CertificationRepository(ctx.db)
  const certification = await certifications.findById(payload.certificationId)
  if (!certification) throw notFound('认证申请')
  const household = await liveHouseholdInScope(ctx, certification.household_id, '认证申请')
  if (certification.state !== 'pending') throw conflict('该认证申请已审核过，不能再次审核', 'payload.certificationId')
  const members = new MemberRepository(ctx.db)
  const member = await members.findById(certification.member_id)
  if (!member || member.deleted_at) throw notFound('成员')

  await certifications.decide(certification.id, {
    state: payload.decision === 'accept' ? 'accepted' : 'rejected',
    reason: payload.reason || null,
    decidedBy: ctx.actor.userId,
    decidedAt: ctx.now
  })
  const changes = [upserted('certification', certification.id, locationOf(household))]
  if (payload.decision === 'reject') return changes

  const memberChange = await writeMemberApp(ctx, member, household, {
    status: certification.status as AppStatusValue,
    alertsOn: certification.alerts_on === 1,
    region: certification.region ?? member.app_region,
    evidence: acceptedEvidence(member.app_evidence as Evidence | null, certificationEvidence(await screenshotOf(ctx, certification.upload_id))),
    reason: null
  })
  return [...changes, memberChange]
}

/** The certification's screenshot with its content check, as certificationEvidence reads it. */
async function screenshotOf(ctx: ApplyContext, uploadId: string | null): Promise<{ uploadId: string | null; uploadCheck: UploadCheckState | null }> {
  if (!uploadId) return { uploadId: null, uploadCheck: null }
  const upload = await new UploadRepository(ctx.db).findById(uploadId)
  return { uploadId, uploadCheck: (upload?.check_state ?? null) as UploadCheckState | null }
}
