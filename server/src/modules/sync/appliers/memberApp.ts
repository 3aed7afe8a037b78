import type { MutationPayload } from '../../../../../src/core/mutations'
import { EVIDENCE_LABELS, isEvidenceDowngrade, type AppStatusValue, type Evidence } from '../../../../../src/core/appStatus'
import { notFound } from '../../../errors'
import { locationOf } from '../../households/householdRepository'
import type { HouseholdRow, MemberRow } from '../../../db/schema'
import type { Change } from '../changeLogRepository'
import { conflict, liveHouseholdInScope, upserted, type ApplyContext } from './context'
import { memberSnapshot, recordOverwrites } from './history'

/** 来电预警 is a setting of the installed app, so it cannot be on without the app. */
const APP_PRESENT: ReadonlyArray<AppStatusValue> = ['installed_unregistered', 'registered']

/**
 * Records a member's 国家反诈中心 app status. Evidence only goes up (DESIGN §2) unless a worker explicitly
 * corrects it: API.md's payload has no correction flag, so a weaker evidence that comes with a `reason` is
 * that correction (applied, the replaced values kept in the record's history); without a reason it is
 * rejected with CONFLICT rather than silently overwriting a verified status.
 */
export function applyMemberApp(ctx: ApplyContext, payload: MutationPayload<'member.app'>): Change[] {
  const member = ctx.state.member(payload.memberId)
  if (!member) throw notFound('成员')
  // The household first: a member deleted with their household is refused saying the household went.
  const household = liveHouseholdInScope(ctx, member.household_id, '成员')
  if (member.deleted_at) throw notFound('成员')
  const current = member.app_evidence as Evidence | null
  if (isEvidenceDowngrade(current, payload.evidence) && !payload.reason) {
    throw conflict(`核实方式不能降级：已是${EVIDENCE_LABELS[current!]}，如需更正请填写原因`, 'payload.evidence')
  }
  return [
    writeMemberApp(ctx, member, household, {
      status: payload.status,
      alertsOn: payload.alertsOn ?? member.app_alerts_on === 1,
      region: payload.region ?? member.app_region,
      evidence: payload.evidence,
      reason: payload.reason || null
    })
  ]
}

/**
 * Writes a member's app status and keeps the values it replaces in the record's history: the one path
 * for a worker's record (member.app) and an accepted resident certification (certification.review).
 */
export function writeMemberApp(
  ctx: ApplyContext,
  member: MemberRow,
  household: HouseholdRow,
  app: { status: AppStatusValue; alertsOn: boolean; region: string | null; evidence: Evidence; reason: string | null }
): Change {
  const updated: MemberRow = {
    ...member,
    app_status: app.status,
    app_alerts_on: APP_PRESENT.includes(app.status) && app.alertsOn ? 1 : 0,
    app_region: app.region,
    app_evidence: app.evidence,
    app_reason: app.reason,
    app_recorded_by: ctx.actor.userId,
    app_updated_at: ctx.now,
    version: member.version + 1,
    updated_at: ctx.now,
    updated_by: ctx.actor.userId
  }
  ctx.state.put('members', updated)
  const record = { entity: 'member' as const, entityId: member.id, ...locationOf(household) }
  recordOverwrites(ctx, record, memberSnapshot(member), memberSnapshot(updated))
  return upserted('member', member.id, locationOf(household))
}
