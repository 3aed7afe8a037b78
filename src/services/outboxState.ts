import type { HouseholdDeletion, Mutation, MutationError, MutationResult } from '@/core/mutations'

/**
 * The outbox as plain data and the pure transitions on it; `outbox.ts` persists it and talks to the
 * server. Order matters: mutations are pushed in the order they were made.
 */
export interface RejectedMutation {
  mutation: Mutation
  error: RejectionReason
  rejectedAt: string
}

/** What the server said, kept for the sync page; a deleted household's when and by whom, to offer 放弃 alone. */
export interface RejectionReason {
  code: string
  message: string
  householdDeleted?: HouseholdDeletion
}

export interface OutboxState {
  /** Waiting to be pushed, oldest first. */
  pending: Mutation[]
  /** Refused by the server: kept with the reason until the person retries or discards them. */
  rejected: RejectedMutation[]
}

export const EMPTY_OUTBOX: OutboxState = { pending: [], rejected: [] }

export function enqueue(state: OutboxState, mutations: ReadonlyArray<Mutation>): OutboxState {
  return { ...state, pending: state.pending.concat(mutations) }
}

export function nextBatch(state: OutboxState, maxSize: number): Mutation[] {
  return state.pending.slice(0, maxSize)
}

/**
 * Applies the server's answer to a push: applied and duplicate mutations are done, rejected ones move
 * to the rejected list with their reason, and any sent mutation without a result stays pending. A
 * duplicate that carries an error is the replay of an earlier rejection whose answer never arrived
 * (API.md): it is rejected too, never dropped.
 */
export function applyPushResults(
  state: OutboxState,
  sent: ReadonlyArray<Mutation>,
  results: ReadonlyArray<MutationResult>,
  now: string
): OutboxState {
  const resultById = new Map(results.map((result) => [result.id, result]))
  const done = new Set<string>()
  const rejected: RejectedMutation[] = []
  for (const mutation of sent) {
    const result = resultById.get(mutation.id)
    if (!result) continue
    done.add(mutation.id)
    if (result.status === 'rejected' || (result.status === 'duplicate' && result.error)) {
      rejected.push({ mutation, error: describeError(result.error), rejectedAt: now })
    }
  }
  return {
    pending: state.pending.filter((mutation) => !done.has(mutation.id)),
    rejected: state.rejected.concat(rejected)
  }
}

/**
 * The whole push request was refused (400 and the like). When the error names mutations by index
 * (`mutations.3.payload.phone`), only those are rejected and the rest stay pending; otherwise every
 * sent mutation is rejected with the request's message, so nothing waits forever unseen.
 */
export function rejectFromRequestError(
  state: OutboxState,
  sent: ReadonlyArray<Mutation>,
  error: { code: string; message: string; details?: ReadonlyArray<unknown> },
  now: string
): OutboxState {
  const named = new Map<number, string>()
  for (const detail of error.details ?? []) {
    const field = (detail as { field?: unknown })?.field
    const match = typeof field === 'string' ? /^mutations\.(\d+)/.exec(field) : null
    if (match && !named.has(Number(match[1]))) {
      named.set(Number(match[1]), String((detail as { message?: string }).message ?? error.message))
    }
  }
  const refused = sent
    .map((mutation, index) => ({ mutation, index }))
    .filter(({ index }) => named.size === 0 || named.has(index))
  const refusedIds = new Set(refused.map(({ mutation }) => mutation.id))
  return {
    pending: state.pending.filter((mutation) => !refusedIds.has(mutation.id)),
    rejected: state.rejected.concat(
      refused.map(({ mutation, index }) => ({
        mutation,
        error: { code: error.code, message: named.get(index) ?? error.message },
        rejectedAt: now
      }))
    )
  }
}

/**
 * Puts one rejected mutation back at the end of the queue. It gets a new id: the server remembers the
 * result of every id it has seen and would only replay the rejection.
 */
export function requeueRejected(state: OutboxState, mutationId: string, newId: () => string, now: string): OutboxState {
  const item = state.rejected.find(({ mutation }) => mutation.id === mutationId)
  if (!item) return state
  return {
    pending: state.pending.concat({ ...item.mutation, id: newId(), at: now }),
    rejected: state.rejected.filter((rejected) => rejected !== item)
  }
}

/** Drops one rejected mutation, on the person's explicit request. */
export function discardRejected(state: OutboxState, mutationId: string): OutboxState {
  return { ...state, rejected: state.rejected.filter(({ mutation }) => mutation.id !== mutationId) }
}

const RETRY_BASE_MS = 2000
const RETRY_CAP_MS = 5 * 60 * 1000

/**
 * Backoff after consecutive failed pushes: about 2 s, 4 s, 8 s … at most 5 minutes, each drawn from
 * the upper half of its step (`random` in [0, 1)) so that phones regaining signal together in one
 * village do not all retry in the same second.
 */
export function retryDelayMs(failures: number, random: number): number {
  const step = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failures - 1), RETRY_CAP_MS)
  return Math.round(step / 2 + (step / 2) * random)
}

function describeError(error: MutationError | undefined): RejectionReason {
  if (!error) return { code: 'REJECTED', message: '服务器拒绝了此项修改' }
  return { code: error.code, message: error.message, ...(error.householdDeleted ? { householdDeleted: error.householdDeleted } : {}) }
}
