import type { ControlledTransaction, Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { DialectName } from '../../db/database'
import type { FieldCipher } from '../../crypto/fieldCipher'
import type { MutationError, MutationResult, PushRequest, PushResponse } from '../../../../src/core/mutations'
import type { FieldError } from '../../../../src/core/validation'
import { AppError, HouseholdDeletedError } from '../../errors'
import { ChangeLogRepository, type Change } from './changeLogRepository'
import { MutationRepository } from './mutationRepository'
import { applyMutation } from './appliers/applyMutation'
import type { Actor, ApplyContext } from './appliers/context'
import type { AuditLog } from '../audit/auditLog'
import { pushAuditEntry } from './pushAudit'

export interface SyncDeps {
  db: Kysely<Database>
  dialect: DialectName
  cipher: FieldCipher
  now: () => Date
  auditLog: Pick<AuditLog, 'record'>
}

type Envelope = PushRequest['mutations'][number]

const REJECTION_CODES: ReadonlyArray<MutationError['code']> = ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']

/**
 * Mutations of a push applied together in one transaction (with one audit row). Bounded so that a large
 * push (an import, a full 500) holds the change log's lock for a few hundred milliseconds at a time,
 * letting other devices' pushes in between; the app sends 20 a request, one transaction each.
 */
export const MUTATIONS_PER_TRANSACTION = 50

/**
 * Applies pushed mutations in order, up to MUTATIONS_PER_TRANSACTION in one transaction together with
 * their `mutations` rows, their `change_log` rows and one audit row listing them (ids, types, targets,
 * results), so an effect never exists without its record and its audit entry, nor these without it.
 * Each mutation runs in a savepoint: a rejected one is recorded as such and the next one still runs. A
 * seen id answers `duplicate` (with the first rejection, if it was one) and changes nothing. An
 * unexpected error rolls back the mutations of its transaction (earlier transactions stay committed;
 * the device's retry answers those `duplicate`).
 */
export async function pushMutations(deps: SyncDeps, actor: Actor, request: PushRequest): Promise<PushResponse> {
  const results: MutationResult[] = []
  for (let start = 0; start < request.mutations.length; start += MUTATIONS_PER_TRANSACTION) {
    const batch = request.mutations.slice(start, start + MUTATIONS_PER_TRANSACTION)
    results.push(...(await pushBatch(deps, actor, request.clientId, batch)))
  }
  const cursor = await new ChangeLogRepository(deps.db).maxSeq()
  return { results, cursor: String(cursor) }
}

async function pushBatch(deps: SyncDeps, actor: Actor, clientId: string, batch: ReadonlyArray<Envelope>): Promise<MutationResult[]> {
  const trx = await deps.db.startTransaction().execute()
  try {
    await new ChangeLogRepository(trx).lockForAppend(deps.dialect)
    const results: MutationResult[] = []
    for (const mutation of batch) results.push(await applyAndRecord(trx, deps, actor, clientId, mutation))
    // After the change log's lock, as every transaction that takes both does (auditLog.ts).
    await deps.auditLog.record(trx, pushAuditEntry(actor, clientId, batch, results))
    await trx.commit().execute()
    return results
  } catch (error) {
    await trx.rollback().execute()
    throw error
  }
}

async function applyAndRecord(
  trx: ControlledTransaction<Database>,
  deps: SyncDeps,
  actor: Actor,
  clientId: string,
  mutation: Envelope
): Promise<MutationResult> {
  const now = deps.now().toISOString()
  const changeLog = new ChangeLogRepository(trx)
  const mutations = new MutationRepository(trx)
  const seen = await mutations.findResult(actor.userId, mutation.id)
  if (seen) return replay(seen)
  const { result, changes } = await attempt(trx, mutation, { actor, now, cipher: deps.cipher, mutationId: mutation.id })
  await mutations.insert({ id: mutation.id, clientId, userId: actor.userId, type: mutation.type, result, receivedAt: now })
  await changeLog.append(changes, mutation.id, now)
  return result
}

/** Applies inside a savepoint: a rejection undoes whatever the applier wrote, and is then recorded itself. */
async function attempt(
  trx: ControlledTransaction<Database>,
  mutation: Envelope,
  context: Omit<ApplyContext, 'db'>
): Promise<{ result: MutationResult; changes: Change[] }> {
  const savepoint = await trx.savepoint('mutation').execute()
  try {
    const changes = await applyMutation({ ...context, db: savepoint }, mutation.type, mutation.payload)
    await savepoint.releaseSavepoint('mutation').execute()
    return { result: { id: mutation.id, status: 'applied' }, changes }
  } catch (error) {
    const rejection = asRejection(error)
    if (!rejection) throw error
    // Released too: the next mutation of the transaction opens its own.
    const rolledBack = await savepoint.rollbackToSavepoint('mutation').execute()
    await rolledBack.releaseSavepoint('mutation').execute()
    return { result: { id: mutation.id, status: 'rejected', error: rejection }, changes: [] }
  }
}

function replay(first: MutationResult): MutationResult {
  return { id: first.id, status: 'duplicate', ...(first.error ? { error: first.error } : {}) }
}

function asRejection(error: unknown): MutationError | null {
  if (!(error instanceof AppError) || !REJECTION_CODES.includes(error.code as MutationError['code'])) return null
  const details = error.details as FieldError[]
  return {
    code: error.code as MutationError['code'],
    message: error.message,
    ...(details.length > 0 ? { details } : {}),
    ...(error instanceof HouseholdDeletedError ? { householdDeleted: error.deletion } : {})
  }
}
