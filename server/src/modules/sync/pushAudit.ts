import type { MutationResult, MutationType, PushRequest } from '../../../../src/core/mutations'
import type { AuditEntry } from '../audit/auditLog'
import type { Actor } from './appliers/context'

/** The payload field naming the record each mutation type is about, and what that record is. */
const TARGETS: { [T in MutationType]: { entity: string; field: string } } = {
  'household.upsert': { entity: 'household', field: 'id' },
  'household.delete': { entity: 'household', field: 'id' },
  'household.move': { entity: 'household', field: 'id' },
  'member.upsert': { entity: 'member', field: 'id' },
  'member.delete': { entity: 'member', field: 'id' },
  'member.app': { entity: 'member', field: 'memberId' },
  'visit.record': { entity: 'visit', field: 'id' },
  'certification.review': { entity: 'certification', field: 'certificationId' }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The UUID of the record a mutation is about, or null when its payload names none by a UUID. */
function recordIdOf(type: MutationType, payload: unknown): string | null {
  const value = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[TARGETS[type].field] : undefined
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null
}

/**
 * `household/<id>` for the record a mutation is about, or null when its payload names none. Only a
 * UUID is taken: a rejected payload may hold anything, and nothing typed by a person enters the log.
 */
export function mutationTarget(type: MutationType, payload: unknown): string | null {
  const id = recordIdOf(type, payload)
  return id === null ? null : `${TARGETS[type].entity}/${id}`
}

/**
 * One audit row for the mutations of one push transaction: who (the user and role), from which device
 * (the install's clientId), the count of each result, and every mutation by what it was:
 * - applied: the records it changed, by type (`records: {"member.upsert": [<member id>, …]}`) — the
 *   mutation's own id is beside the same record id in the change log and record history rows it wrote;
 * - duplicate (a delivery of a mutation already applied or rejected): its id, since its first delivery's
 *   row says what it did;
 * - rejected: in full — id, type, target, error code — since it wrote nothing else.
 * Listing each applied mutation as {id, type, target, status} made a 500-mutation push's row 70 KB, and
 * writing it cost a push on PostgreSQL 11–14 %; by type and record it is about a quarter of that. Ids,
 * codes and counts only: no payload value (names, phones, addresses) is logged; `record_history` holds
 * what changed. `failure` when any mutation was rejected.
 */
export function pushAuditEntry(
  actor: Actor,
  clientId: string,
  mutations: ReadonlyArray<PushRequest['mutations'][number]>,
  results: ReadonlyArray<MutationResult>
): AuditEntry {
  const records: Partial<Record<MutationType, string[]>> = {}
  const duplicates: string[] = []
  const rejections: Array<{ id: string; type: MutationType; target: string | null; error: string }> = []
  mutations.forEach((mutation, index) => {
    const result = results[index]
    if (result.status === 'duplicate') duplicates.push(mutation.id)
    else if (result.status === 'rejected') {
      rejections.push({ id: mutation.id, type: mutation.type, target: mutationTarget(mutation.type, mutation.payload), error: result.error!.code })
      // An applied payload passed the core schema, whose record ids are UUIDs.
    } else (records[mutation.type] ??= []).push(recordIdOf(mutation.type, mutation.payload)!)
  })
  return {
    actor: { id: actor.userId, role: actor.role },
    action: 'sync.push',
    target: `client/${clientId.toLowerCase()}`,
    result: rejections.length > 0 ? 'failure' : 'success',
    details: { applied: mutations.length - duplicates.length - rejections.length, duplicate: duplicates.length, rejected: rejections.length, records, duplicates, rejections }
  }
}
