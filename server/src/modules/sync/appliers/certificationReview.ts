import type { MutationPayload } from '../../../../../src/core/mutations'
import type { Evidence } from '../../../../../src/core/appStatus'
import { acceptedEvidence, certificationEvidence } from '../../../../../src/core/certification'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import { MemberRepository } from '../../households/memberRepository'
import { CertificationRepository } from '../../certifications/certificationRepository'
import type { Change } from '../changeLogRepository'
import { conflict, liveHouseholdInScope, upserted, type ApplyContext } from './context'
import { memberSnapshot, recordOverwrites } from './history'

/** 来电预警 is a setting of the installed app, so it cannot be on without the app. */
const APP_PRESENT = ['installed_unregistered', 'registered']

/**
 * A grid worker decides a resident's certification. Only a pending one of a household in the worker's
 * scope; accepting records the member's app status as declared, with evidence 截图核实 (a screenshot is
 * attached) or 本人申报 — never below what the member already has (acceptedEvidence); rejecting keeps the
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

  await members.update(member.id, {
    app_status: certification.status,
    app_alerts_on: APP_PRESENT.includes(certification.status) && certification.alerts_on === 1 ? 1 : 0,
    app_region: certification.region ?? member.app_region,
    app_evidence: acceptedEvidence(member.app_evidence as Evidence | null, certificationEvidence({ uploadId: certification.upload_id })),
    app_reason: null,
    app_recorded_by: ctx.actor.userId,
    app_updated_at: ctx.now,
    version: member.version + 1,
    updated_at: ctx.now,
    updated_by: ctx.actor.userId
  })
  const updated = (await members.findById(member.id))!
  const record = { entity: 'member' as const, entityId: member.id, gridId: household.grid_id }
  await recordOverwrites(ctx, record, memberSnapshot(member, ctx.cipher), memberSnapshot(updated, ctx.cipher))
  return [...changes, upserted('member', member.id, locationOf(household))]
}
