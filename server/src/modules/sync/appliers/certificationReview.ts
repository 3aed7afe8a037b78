import type { MutationPayload } from '../../../../../src/core/mutations'
import type { AppStatusValue, Evidence } from '../../../../../src/core/appStatus'
import { acceptedEvidence, certificationEvidence, type UploadCheckState } from '../../../../../src/core/certification'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import type { Change } from '../changeLogRepository'
import { conflict, liveHouseholdInScope, upserted, type ApplyContext } from './context'
import { writeMemberApp } from './memberApp'

/**
 * A grid worker decides a resident's certification. Only a pending one of a household in the worker's
 * scope; accepting records the member's app status as declared, with evidence 截图核实 (a screenshot is
 * attached and not removed by the content check) or 本人申报 — never below what the member already has (acceptedEvidence); rejecting keeps the
 * reason (the schema requires one) for the resident to read.
 */
export function applyCertificationReview(ctx: ApplyContext, payload: MutationPayload<'certification.review'>): Change[] {
  const certification = ctx.state.certification(payload.certificationId)
  if (!certification) throw notFound('认证申请')
  const household = liveHouseholdInScope(ctx, certification.household_id, '认证申请')
  if (certification.state !== 'pending') throw conflict('该认证申请已审核过，不能再次审核', 'payload.certificationId')
  const member = ctx.state.member(certification.member_id)
  if (!member || member.deleted_at) throw notFound('成员')

  ctx.state.put('certifications', {
    ...certification,
    state: payload.decision === 'accept' ? 'accepted' : 'rejected',
    reason: payload.reason || null,
    decided_by: ctx.actor.userId,
    decided_at: ctx.now
  })
  const changes = [upserted('certification', certification.id, locationOf(household))]
  if (payload.decision === 'reject') return changes

  const screenshot = { uploadId: certification.upload_id, uploadCheck: ctx.state.uploadCheckOf(certification.id) as UploadCheckState | null }
  const memberChange = writeMemberApp(ctx, member, household, {
    status: certification.status as AppStatusValue,
    alertsOn: certification.alerts_on === 1,
    region: certification.region ?? member.app_region,
    evidence: acceptedEvidence(member.app_evidence as Evidence | null, certificationEvidence(screenshot)),
    reason: null
  })
  return [...changes, memberChange]
}
