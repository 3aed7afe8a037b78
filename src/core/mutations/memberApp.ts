import type { z } from 'zod'
import { APP_STATUS_LABELS, isEvidenceDowngrade, memberAppSchema, type AppStatusValue } from '../appStatus'
import { householdOfMember } from '../localGrid'
import type { MutationDefinition } from './definition'

/** 来电预警 is a setting of the installed app, so it cannot be on without the app. */
const APP_PRESENT: ReadonlyArray<AppStatusValue> = ['installed_unregistered', 'registered']

/**
 * Records a member's app status (server: applyMemberApp). Evidence only goes up: a weaker one without a
 * reason is refused (CONFLICT), with a reason it is the worker's correction.
 */
export const memberApp: MutationDefinition<z.output<typeof memberAppSchema>> = {
  schema: memberAppSchema,
  applyLocally(grid, payload, context) {
    const existing = grid.members[payload.memberId]
    if (!existing) return grid
    if (isEvidenceDowngrade(existing.app?.evidence, payload.evidence) && !payload.reason) return grid
    const app = {
      status: payload.status,
      alertsOn: APP_PRESENT.includes(payload.status) && (payload.alertsOn ?? existing.app?.alertsOn ?? false),
      region: payload.region ?? existing.app?.region ?? null,
      evidence: payload.evidence,
      reason: payload.reason || null,
      updatedAt: context.now.toISOString()
    }
    return { ...grid, members: { ...grid.members, [existing.id]: { ...existing, app } } }
  },
  describe: (payload) => `登记APP状态：${APP_STATUS_LABELS[payload.status]}`,
  householdsTouched: (grid, payload) => householdOfMember(grid, payload.memberId)
}
