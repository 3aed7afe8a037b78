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

/**
 * `household/<id>` for the record a mutation is about, or null when its payload names none. Only a
 * UUID is taken: a rejected payload may hold anything, and nothing typed by a person enters the log.
 */
export function mutationTarget(type: MutationType, payload: unknown): string | null {
  const { entity, field } = TARGETS[type]
  const value = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[field] : undefined
  return typeof value === 'string' && UUID.test(value) ? `${entity}/${value.toLowerCase()}` : null
}

/**
 * One audit row for the mutations of one push transaction: who (the user and role), from which device
 * (the install's clientId), and per mutation its id, type, target record and result (with the error
 * code of a rejection). Ids, codes and counts only: no payload value (names, phones, addresses) is
 * logged; the records' own history (`record_history`) holds what changed. `failure` when any mutation
 * was rejected.
 */
export function pushAuditEntry(
  actor: Actor,
  clientId: string,
  mutations: ReadonlyArray<PushRequest['mutations'][number]>,
  results: ReadonlyArray<MutationResult>
): AuditEntry {
  const count = (status: MutationResult['status']) => results.filter((result) => result.status === status).length
  return {
    actor: { id: actor.userId, role: actor.role },
    action: 'sync.push',
    target: `client/${clientId.toLowerCase()}`,
    result: count('rejected') > 0 ? 'failure' : 'success',
    details: {
      applied: count('applied'),
      duplicate: count('duplicate'),
      rejected: count('rejected'),
      mutations: mutations.map((mutation, index) => ({
        id: mutation.id,
        type: mutation.type,
        target: mutationTarget(mutation.type, mutation.payload),
        status: results[index].status,
        ...(results[index].error ? { error: results[index].error.code } : {})
      }))
    }
  }
}
