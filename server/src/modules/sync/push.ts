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

export interface SyncDeps {
  db: Kysely<Database>
  dialect: DialectName
  cipher: FieldCipher
  now: () => Date
}

type Envelope = PushRequest['mutations'][number]

const REJECTION_CODES: ReadonlyArray<MutationError['code']> = ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']

/**
 * Applies pushed mutations in order. Each one runs in its own transaction together with its
 * `mutations` row and its `change_log` rows, so an effect never exists without its record, nor a
 * record without its effect. A seen id answers `duplicate` (with the first rejection, if it was one)
 * and changes nothing; a rejected mutation is recorded as such and the next one still runs.
 */
export async function pushMutations(deps: SyncDeps, actor: Actor, request: PushRequest): Promise<PushResponse> {
  const results: MutationResult[] = []
  for (const mutation of request.mutations) {
    results.push(await pushOne(deps, actor, request.clientId, mutation))
  }
  const cursor = await new ChangeLogRepository(deps.db).maxSeq()
  return { results, cursor: String(cursor) }
}

async function pushOne(deps: SyncDeps, actor: Actor, clientId: string, mutation: Envelope): Promise<MutationResult> {
  const trx = await deps.db.startTransaction().execute()
  try {
    const result = await applyAndRecord(trx, deps, actor, clientId, mutation)
    await trx.commit().execute()
    return result
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
  await changeLog.lockForAppend(deps.dialect)
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
    await savepoint.rollbackToSavepoint('mutation').execute()
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
