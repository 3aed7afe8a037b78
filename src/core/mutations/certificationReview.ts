import type { z } from 'zod'
import { acceptedEvidence, certificationEvidence, certificationReviewSchema } from '../certification'
import type { MutationDefinition } from './definition'

/** 来电预警 is a setting of the installed app, so it cannot be on without the app. */
const APP_PRESENT = ['installed_unregistered', 'registered']

/**
 * The grid worker's decision on a resident's certification (server: applyCertificationReview). Only a
 * pending one is decided; accepting sets the member's app status as declared, with evidence
 * 截图核实 when a screenshot came with it, else 本人申报 — never below the member's existing evidence.
 */
export const certificationReview: MutationDefinition<z.output<typeof certificationReviewSchema>> = {
  schema: certificationReviewSchema,
  applyLocally(grid, payload, context) {
    const certification = grid.certifications?.[payload.certificationId]
    // The server refuses a review of a deleted household's or member's certification: so does the copy.
    if (!certification || certification.state !== 'pending' || !grid.households[certification.householdId]) return grid
    const member = grid.members[certification.memberId]
    if (!member) return grid
    const decided = {
      ...certification,
      state: payload.decision === 'accept' ? ('accepted' as const) : ('rejected' as const),
      reason: payload.reason || null,
      decidedAt: context.now.toISOString()
    }
    const certifications = { ...grid.certifications, [certification.id]: decided }
    if (payload.decision === 'reject') return { ...grid, certifications }
    const app = {
      status: certification.status,
      alertsOn: APP_PRESENT.includes(certification.status) && certification.alertsOn,
      region: certification.region ?? member.app?.region ?? null,
      evidence: acceptedEvidence(member.app?.evidence, certificationEvidence(certification)),
      reason: null,
      updatedAt: context.now.toISOString()
    }
    return { ...grid, certifications, members: { ...grid.members, [member.id]: { ...member, app } } }
  },
  describe: (payload) => (payload.decision === 'accept' ? '审核居民认证：通过' : `审核居民认证：不通过（${payload.reason ?? ''}）`),
  householdsTouched: (grid, payload) => {
    const certification = grid.certifications?.[payload.certificationId]
    return certification ? [certification.householdId] : []
  }
}
