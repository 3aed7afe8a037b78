import type { HouseholdRow } from '../../../db/schema'
import type { FieldCipher } from '../../../crypto/fieldCipher'
import type { Scope } from '../../../access/scope'
import type { StaffRole } from '../../../access/principal'
import { AppError, HouseholdDeletedError, notFound } from '../../../errors'
import { maskName } from '../../../../../src/core/names'
import type { HouseholdLocation } from '../../households/householdRepository'
import type { Change, ChangedEntity } from '../changeLogRepository'
import type { PushState } from '../pushState'

/** Who pushes: the signed-in staff user and what they cover. */
export interface Actor {
  userId: string
  role: StaffRole
  scope: Scope
}

/**
 * What an applier works with: the push's records in memory (it reads and changes them there; the push
 * writes them out at its end), the actor, the server time.
 */
export interface ApplyContext {
  state: PushState
  actor: Actor
  /** Server time of this mutation, ISO UTC: every timestamp it writes. */
  now: string
  cipher: FieldCipher
  /** The mutation being applied: overwritten values are recorded under its id. */
  mutationId: string
}

/**
 * A live household in the actor's scope, or a NOT_FOUND rejection naming `what` the payload pointed at.
 * Deleted households take no more edits: a delete wins over offline edits that arrive after it, and
 * the rejection says when and by whom (householdDeleted).
 */
export function liveHouseholdInScope(ctx: ApplyContext, id: string, what: string): HouseholdRow {
  const household = ctx.state.householdInScope(id)
  if (!household) throw notFound(what)
  if (household.deleted_at) throw householdDeleted(ctx, household)
  return household
}

/** The rejection of a change about a deleted household the actor's scope covers: when, and by whom (masked). */
export function householdDeleted(ctx: ApplyContext, household: HouseholdRow): HouseholdDeletedError {
  const name = household.deleted_by ? ctx.state.userName(household.deleted_by) : null
  return new HouseholdDeletedError({ at: household.deleted_at!, byNameMasked: name ? maskName(name) : '其他用户' })
}

export function upserted(entity: ChangedEntity, entityId: string, at: HouseholdLocation): Change {
  return { entity, entityId, gridId: at.gridId, villageCode: at.villageCode, op: 'upsert' }
}

export function deleted(entity: ChangedEntity, entityId: string, at: HouseholdLocation): Change {
  return { entity, entityId, gridId: at.gridId, villageCode: at.villageCode, op: 'delete' }
}

/** A record that changed grid leaves the old grid's devices (delete there) and reaches the new grid's. */
export function movedOrUpserted(entity: ChangedEntity, entityId: string, from: HouseholdLocation, to: HouseholdLocation): Change[] {
  if (from.gridId === to.gridId) return [upserted(entity, entityId, to)]
  return [deleted(entity, entityId, from), upserted(entity, entityId, to)]
}

export function conflict(message: string, field: string): AppError {
  return new AppError('CONFLICT', message, [{ field, message }])
}
