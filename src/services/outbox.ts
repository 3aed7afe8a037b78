import { MAX_MUTATIONS_PER_PUSH, type Mutation, type MutationPayload, type MutationType, type PushResponse } from '@/core/mutations'
import { ApiError, api } from './api'
import { uuidv4 } from './ids'
import { getToken } from './session'
import { readJson, writeJson } from './storage'
import {
  EMPTY_OUTBOX,
  applyPushResults,
  discardRejected,
  enqueue,
  nextBatch,
  rejectFromRequestError,
  requeueRejected,
  retryDelayMs,
  type OutboxState,
  type RejectedMutation
} from './outboxState'

/**
 * The durable write path (DESIGN.md §4). A change is stored here before the screen says "saved", then
 * pushed to POST /sync/push in order. Applied and duplicate mutations leave the outbox, rejected ones
 * are kept with the server's reason, and anything that could not be sent waits for the next attempt:
 * the next save, the app coming to the foreground, or the backoff timer.
 */

export type MutationInput = { [T in MutationType]: { type: T; payload: MutationPayload<T> } }[MutationType]

export interface OutboxSnapshot {
  pending: ReadonlyArray<Mutation>
  rejected: ReadonlyArray<RejectedMutation>
  syncing: boolean
  /** Why the last push did not go through, when it did not. */
  lastError: string | null
}

export type SyncOutcome = { ok: true } | { ok: false; error: ApiError }

const KEYS = {
  pending: 'wuzha.outbox.pending',
  rejected: 'wuzha.outbox.rejected',
  clientId: 'wuzha.clientId'
} as const

let state: OutboxState | null = null
let snapshot: OutboxSnapshot | null = null
let syncing = false
let lastError: string | null = null
let failures = 0
let batchSize = MAX_MUTATIONS_PER_PUSH
let retryTimer: ReturnType<typeof setTimeout> | null = null
let inFlight: Promise<SyncOutcome> | null = null
const listeners = new Set<() => void>()

function load(): OutboxState {
  if (!state) {
    state = {
      pending: readJson<Mutation[]>(KEYS.pending, EMPTY_OUTBOX.pending),
      rejected: readJson<RejectedMutation[]>(KEYS.rejected, EMPTY_OUTBOX.rejected)
    }
  }
  return state
}

/** Stores the new state first; memory and listeners follow only once storage has accepted it. */
function commit(next: OutboxState): void {
  const previous = load()
  if (next.pending !== previous.pending) writeJson(KEYS.pending, next.pending)
  if (next.rejected !== previous.rejected) writeJson(KEYS.rejected, next.rejected)
  state = next
  changed()
}

function changed(): void {
  snapshot = null
  listeners.forEach((listener) => listener())
}

export function getOutboxSnapshot(): OutboxSnapshot {
  if (!snapshot) {
    const { pending, rejected } = load()
    snapshot = { pending, rejected, syncing, lastError }
  }
  return snapshot
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** This install's id, sent with every push. */
export function getClientId(): string {
  let clientId = readJson<string>(KEYS.clientId, '')
  if (!clientId) {
    clientId = uuidv4()
    writeJson(KEYS.clientId, clientId)
  }
  return clientId
}

/**
 * Appends mutations to the outbox and returns them with their ids. Throws when storage refuses the
 * write, in which case nothing was saved.
 */
export function enqueueMutations(inputs: ReadonlyArray<MutationInput>): Mutation[] {
  const at = new Date().toISOString()
  const mutations = inputs.map((input) => ({ id: uuidv4(), type: input.type, payload: input.payload, at }) as Mutation)
  commit(enqueue(load(), mutations))
  return mutations
}

export function isPending(mutationId: string): boolean {
  return load().pending.some((mutation) => mutation.id === mutationId)
}

/** Pushes everything pending, batch by batch. Concurrent calls share one run. */
export function syncNow(): Promise<SyncOutcome> {
  if (inFlight) return inFlight.then((outcome) => (outcome.ok ? syncNow() : outcome))
  inFlight = drain().finally(() => {
    inFlight = null
  })
  return inFlight
}

/** Sends rejected mutations again (with new ids), e.g. after the reason was fixed elsewhere. */
export function retryRejected(): Promise<SyncOutcome> {
  commit(requeueRejected(load(), uuidv4, new Date().toISOString()))
  return syncNow()
}

export function discardRejectedMutation(mutationId: string): void {
  commit(discardRejected(load(), mutationId))
}

async function drain(): Promise<SyncOutcome> {
  cancelRetry()
  setSyncing(true)
  try {
    for (;;) {
      const batch = nextBatch(load(), batchSize)
      if (batch.length === 0 || !getToken()) return succeeded()
      try {
        const response = await api.post<PushResponse>('/sync/push', { clientId: getClientId(), mutations: batch })
        commit(applyPushResults(load(), batch, response.results, new Date().toISOString()))
        failures = 0
      } catch (caught) {
        const error = caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', '同步失败，稍后自动重试')
        if (error.status === 413 && batch.length > 1) {
          batchSize = Math.max(1, Math.floor(batch.length / 2))
          continue
        }
        if (error.retryable || error.status === 401) return failed(error)
        commit(rejectFromRequestError(load(), batch, error, new Date().toISOString()))
      }
    }
  } finally {
    setSyncing(false)
  }
}

function succeeded(): SyncOutcome {
  failures = 0
  lastError = null
  return { ok: true }
}

function failed(error: ApiError): SyncOutcome {
  lastError = error.message
  failures++
  // A 401 sends the person to sign in; the outbox waits for the next session instead of retrying.
  if (error.status !== 401) scheduleRetry(retryDelayMs(failures))
  return { ok: false, error }
}

function setSyncing(value: boolean): void {
  syncing = value
  changed()
}

function scheduleRetry(delayMs: number): void {
  cancelRetry()
  retryTimer = setTimeout(() => {
    retryTimer = null
    void syncNow()
  }, delayMs)
}

function cancelRetry(): void {
  if (retryTimer) clearTimeout(retryTimer)
  retryTimer = null
}
