import { parseMutationPayload, type MutationPayload, type MutationType } from '../../../../../src/core/mutations'
import { mutationTimeErrors } from '../../../../../src/core/timeRules'
import { toFieldErrors } from '../../../../../src/core/validation'
import { validationFailed, type AppError } from '../../../errors'
import type { Change } from '../changeLogRepository'
import type { NamedRecords } from '../pushState'
import type { ApplyContext } from './context'
import { applyHouseholdUpsert } from './householdUpsert'
import { applyHouseholdDelete } from './householdDelete'
import { applyHouseholdMove } from './householdMove'
import { applyMemberUpsert } from './memberUpsert'
import { applyMemberDelete } from './memberDelete'
import { applyMemberApp } from './memberApp'
import { applyVisitRecord } from './visitRecord'
import { applyCertificationReview } from './certificationReview'

type Applier<T extends MutationType> = (ctx: ApplyContext, payload: MutationPayload<T>) => Change[]

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

/** A mutation whose payload passed the core's checks, ready to apply. */
export interface CheckedMutation<T extends MutationType = MutationType> {
  type: T
  payload: MutationPayload<T>
}

/**
 * The payload checked with the core's schema and time rules (at the server's clock `now`): the mutation
 * ready to apply, or its VALIDATION_FAILED rejection with fields named `payload.<field>`. Needs no database,
 * so a push checks every payload before it reads anything.
 */
export function checkMutation<T extends MutationType>(type: T, payload: unknown, now: string): CheckedMutation<T> | AppError {
  const parsed = parseMutationPayload(type, payload)
  const errors = [
    ...(parsed.success ? [] : toFieldErrors(parsed.error.issues.map((issue) => ({ ...issue, path: ['payload', ...issue.path] })))),
    ...mutationTimeErrors(type, payload, new Date(now)).map((error) => ({ ...error, field: `payload.${error.field}` }))
  ]
  if (!parsed.success || errors.length > 0) return validationFailed(errors)
  return { type, payload: parsed.data }
}

/**
 * Applies a checked mutation to the push's records in memory. Throws an AppError (NOT_FOUND, FORBIDDEN,
 * CONFLICT) to reject it; PushState.attempt undoes whatever it changed before that.
 */
export function applyMutation<T extends MutationType>(ctx: ApplyContext, mutation: CheckedMutation<T>): Change[] {
  const apply: Applier<T> = APPLIERS[mutation.type]
  return apply(ctx, mutation.payload)
}

/**
 * The records a mutation reads, by id: PushState.load reads them, with the households they are in and
 * everything of those households, for the whole push at once. A certification review also reads the
 * certification's member and household, found through the certification.
 */
export function recordsNamed(mutation: CheckedMutation): Partial<NamedRecords> {
  switch (mutation.type) {
    case 'household.upsert':
    case 'household.move': {
      const { id, gridId } = mutation.payload as MutationPayload<'household.upsert' | 'household.move'>
      return { households: [id], grids: [gridId] }
    }
    case 'household.delete':
      return { households: [(mutation.payload as MutationPayload<'household.delete'>).id] }
    case 'member.upsert': {
      const { id, householdId } = mutation.payload as MutationPayload<'member.upsert'>
      return { households: [householdId], members: [id] }
    }
    case 'member.delete':
      return { members: [(mutation.payload as MutationPayload<'member.delete'>).id] }
    case 'member.app':
      return { members: [(mutation.payload as MutationPayload<'member.app'>).memberId] }
    case 'visit.record': {
      const { id, householdId } = mutation.payload as MutationPayload<'visit.record'>
      return { households: [householdId], visits: [id] }
    }
    case 'certification.review':
      return { certifications: [(mutation.payload as MutationPayload<'certification.review'>).certificationId] }
  }
}
