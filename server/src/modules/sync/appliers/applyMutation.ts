import { parseMutationPayload, type MutationPayload, type MutationType } from '../../../../../src/core/mutations'
import { mutationTimeErrors } from '../../../../../src/core/timeRules'
import { toFieldErrors } from '../../../../../src/core/validation'
import { validationFailed } from '../../../errors'
import type { Change } from '../changeLogRepository'
import type { ApplyContext } from './context'
import { applyHouseholdUpsert } from './householdUpsert'
import { applyHouseholdDelete } from './householdDelete'
import { applyHouseholdMove } from './householdMove'
import { applyMemberUpsert } from './memberUpsert'
import { applyMemberDelete } from './memberDelete'
import { applyMemberApp } from './memberApp'
import { applyVisitRecord } from './visitRecord'
import { applyCertificationReview } from './certificationReview'

type Applier<T extends MutationType> = (ctx: ApplyContext, payload: MutationPayload<T>) => Promise<Change[]>

const APPLIERS: { [T in MutationType]: Applier<T> } = {
  'household.upsert': applyHouseholdUpsert,
  'household.delete': applyHouseholdDelete,
  'household.move': applyHouseholdMove,
  'member.upsert': applyMemberUpsert,
  'member.delete': applyMemberDelete,
  'member.app': applyMemberApp,
  'visit.record': applyVisitRecord,
  'certification.review': applyCertificationReview
}

/**
 * Validates the payload with the core's schema and time rules (at the server's clock) and applies it.
 * Throws an AppError (VALIDATION_FAILED with fields named `payload.<field>`, NOT_FOUND, CONFLICT) to
 * reject it; every check comes before the first write, and the caller's transaction undoes any partial
 * effect anyway.
 */
export async function applyMutation<T extends MutationType>(ctx: ApplyContext, type: T, payload: unknown): Promise<Change[]> {
  const parsed = parseMutationPayload(type, payload)
  const errors = [
    ...(parsed.success ? [] : toFieldErrors(parsed.error.issues.map((issue) => ({ ...issue, path: ['payload', ...issue.path] })))),
    ...mutationTimeErrors(type, payload, new Date(ctx.now)).map((error) => ({ ...error, field: `payload.${error.field}` }))
  ]
  if (!parsed.success || errors.length > 0) throw validationFailed(errors)
  const apply: Applier<T> = APPLIERS[type]
  return apply(ctx, parsed.data)
}
