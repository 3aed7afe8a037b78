import type { Kysely } from 'kysely'
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
import { keepTallies, type Touched } from '../../dashboard/villageTallies'
import type { Database } from '../../../db/schema'

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
  // Every roster write passes here: the dashboards' tallies move with it, in its transaction.
  return keepTallies(ctx.db, await householdsTouched(ctx.db, type, parsed.data), () => apply(ctx, parsed.data))
}

/**
 * The households whose counts a mutation can change, named before it applies: the household it names and,
 * for a member (upserted, possibly into another household; deleted; its app status), the household the
 * member is in now, found by the tallies' own reading rather than a look-up of its own (a push pays a round
 * trip per statement). A visit never changes household (the applier refuses that), so its household is the
 * one named. Ids that name nothing count nothing.
 */
async function householdsTouched<T extends MutationType>(db: Kysely<Database>, type: T, payload: MutationPayload<T>): Promise<Touched> {
  const p = payload as MutationPayload<MutationType>
  switch (type) {
    case 'household.upsert':
    case 'household.delete':
    case 'household.move':
      return { households: [(p as MutationPayload<'household.upsert'>).id], ofMembers: [] }
    case 'member.upsert': {
      const member = p as MutationPayload<'member.upsert'>
      return { households: [member.householdId], ofMembers: [member.id] }
    }
    case 'member.delete':
      return { households: [], ofMembers: [(p as MutationPayload<'member.delete'>).id] }
    case 'member.app':
      return { households: [], ofMembers: [(p as MutationPayload<'member.app'>).memberId] }
    case 'visit.record':
      return { households: [(p as MutationPayload<'visit.record'>).householdId], ofMembers: [] }
    case 'certification.review': {
      const review = p as MutationPayload<'certification.review'>
      const certification = await db.selectFrom('certifications').select('member_id').where('id', '=', review.certificationId).executeTakeFirst()
      return { households: [], ofMembers: certification ? [certification.member_id] : [] }
    }
    default:
      throw new Error(`no tally rule for mutation ${type}`)
  }
}
