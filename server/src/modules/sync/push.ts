import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { DialectName } from '../../db/database'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { MAX_MUTATIONS_PER_PUSH, type MutationError, type MutationResult, type PushRequest, type PushResponse } from '../../../../src/core/mutations'
import type { FieldError } from '../../../../src/core/validation'
import { AppError, HouseholdDeletedError, forbidden } from '../../errors'
import { ChangeLogRepository, type Change } from './changeLogRepository'
import { applyMutation, checkMutation, recordsNamed, type CheckedMutation } from './appliers/applyMutation'
import type { Actor } from './appliers/context'
import type { AuditLog } from '../audit/auditLog'
import { pushAuditEntry } from './pushAudit'
import { PushState, type PushedMutation } from './pushState'

export interface SyncDeps {
  db: Kysely<Database>
  dialect: DialectName
  cipher: FieldCipher
  now: () => Date
  auditLog: Pick<AuditLog, 'record'>
}

type Envelope = PushRequest['mutations'][number]

/** A pushed mutation as received: its server time, and its checked payload or the rejection of it. */
interface Received {
  envelope: Envelope
  now: string
  checked: CheckedMutation | AppError
}

const REJECTION_CODES: ReadonlyArray<MutationError['code']> = ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']

/**
 * Mutations applied together in one transaction: a whole request (the route takes at most
 * MAX_MUTATIONS_PER_PUSH). Only a caller inside the server (an import) passes more, which then commits
 * in transactions of this many.
 */
export const MUTATIONS_PER_TRANSACTION = MAX_MUTATIONS_PER_PUSH

/**
 * Applies pushed mutations in order, a request in one transaction together with their `mutations`
 * rows, their `change_log` rows and one audit row listing them (pushAudit.ts), so an
 * effect never exists without its record and its audit entry, nor these without it, and nothing is
 * acknowledged before all of it commits. A seen id answers `duplicate` (with the first rejection, if it
 * was one) and changes nothing. An unexpected error rolls the whole transaction back.
 *
 * The push is a unit of work, so that it costs a few round trips to the database rather than a few per
 * mutation (issue #10: 500 mutations within 1 s with 1 ms of round trip): the payloads are checked
 * first, without the database; then, under the change log's lock, everything the mutations name is
 * read in a few statements (PushState.load), the appliers run in order on those rows in memory, and the
 * writes go out at the end in one multi-row statement per table (PushState.flush).
 *
 * No SAVEPOINT per mutation: each mutation runs in an in-memory savepoint instead (PushState.attempt), and
 * every rejection is decided before anything reaches the database, so a rejected mutation has nothing to
 * undo there. A database savepoint would cost two round trips a mutation, the whole budget. What a
 * database constraint could refuse (a taken id, a record out of scope) is checked in memory first, so
 * the flush fails only on something unexpected, which rolls back the push and answers 500: the device
 * keeps its outbox and retries, and nothing it was told is lost.
 *
 * The lock is taken before the reads, not only around the flush: it orders the change log (seq order is
 * commit order for pull cursors), and it also makes the rows read here the latest a push can see, so two
 * pushes never apply over the same stale row. What it costs is the reads' few round trips; applying in
 * memory takes a few milliseconds.
 */
export async function pushMutations(deps: SyncDeps, actor: Actor, request: PushRequest): Promise<PushResponse> {
  // Pushers (grid workers, village admins) act for a village; an account without one owns nothing to change.
  const countyCode = actor.scope.countyCode()
  if (countyCode === null) throw forbidden('账号未分配村/社区，不能提交记录')
  const sender: Sender = { clientId: request.clientId, countyCode }
  const results: MutationResult[] = []
  for (let start = 0; start < request.mutations.length; start += MUTATIONS_PER_TRANSACTION) {
    const batch = request.mutations.slice(start, start + MUTATIONS_PER_TRANSACTION)
    results.push(...(await pushTransaction(deps, actor, sender, batch)))
  }
  const cursor = await new ChangeLogRepository(deps.db).maxSeq()
  return { results, cursor: String(cursor) }
}

/** The device a push came from, and the county its records are kept in. */
interface Sender {
  clientId: string
  countyCode: string
}

async function pushTransaction(deps: SyncDeps, actor: Actor, sender: Sender, batch: ReadonlyArray<Envelope>): Promise<MutationResult[]> {
  const received = batch.map((envelope): Received => {
    const now = deps.now().toISOString()
    return { envelope, now, checked: checkMutation(envelope.type, envelope.payload, now) }
  })
  const trx = await deps.db.startTransaction().execute()
  try {
    await new ChangeLogRepository(trx).lockForAppend(deps.dialect)
    const state = await PushState.load(trx, actor, received.map(pushedMutation))
    const results = received.map((mutation) => applyAndRecord(state, deps, actor, sender, mutation))
    await state.flush(trx)
    // After the change log's lock, as every transaction that takes both does (auditLog.ts).
    await deps.auditLog.record(trx, pushAuditEntry(actor, sender.clientId, batch, results))
    await trx.commit().execute()
    return results
  } catch (error) {
    await trx.rollback().execute()
    throw error
  }
}

/** A received mutation as PushState.load reads for it: a rejected payload names nothing. */
function pushedMutation({ envelope, checked }: Received): PushedMutation {
  return { id: envelope.id, named: checked instanceof AppError ? {} : recordsNamed(checked) }
}

function applyAndRecord(state: PushState, deps: SyncDeps, actor: Actor, sender: Sender, mutation: Received): MutationResult {
  const { envelope, now, checked } = mutation
  const seen = state.seenResult(envelope.id)
  if (seen) return replay(seen)
  const { result, changes } = attempt(state, envelope, checked, { state, actor, now, cipher: deps.cipher, mutationId: envelope.id })
  state.recordResult({ id: envelope.id, ...sender, userId: actor.userId, type: envelope.type, result, receivedAt: now }, changes)
  return result
}

/** Applies in an in-memory savepoint: a rejection leaves nothing of the mutation but its own record. */
function attempt(
  state: PushState,
  envelope: Envelope,
  checked: Received['checked'],
  context: Parameters<typeof applyMutation>[0]
): { result: MutationResult; changes: Change[] } {
  try {
    if (checked instanceof AppError) throw checked
    const changes = state.attempt(() => applyMutation(context, checked))
    return { result: { id: envelope.id, status: 'applied' }, changes }
  } catch (error) {
    const rejection = asRejection(error)
    if (!rejection) throw error
    return { result: { id: envelope.id, status: 'rejected', error: rejection }, changes: [] }
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
