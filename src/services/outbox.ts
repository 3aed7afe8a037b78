import type { Mutation, MutationInput, PushResponse } from '@/core/mutations'
import { ApiError, api } from './api'
import { uuidv4 } from './ids'
import { watchNetwork } from './network'
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
 * right after a save, when the network comes back, when the app comes to the foreground, or when the
 * backoff timer fires.
 *
 * Requests die a few seconds after WeChat sends the app to the background, so a push goes in small
 * batches and each answer is stored before the next batch leaves: an interrupted sync loses at most
 * one batch's acknowledgement, and the server answers that batch `duplicate` when it comes again.
 */

export type { MutationInput }

export interface OutboxSnapshot {
  pending: ReadonlyArray<Mutation>
  rejected: ReadonlyArray<RejectedMutation>
  syncing: boolean
  /** Why the last push did not go through, when it did not. */
  lastError: string | null
  /** When everything waiting last reached the server (ISO), or null if never on this install. */
  lastSyncedAt: string | null
  /** Whether the phone reports signal. */
  online: boolean
}

export type SyncOutcome = { ok: true } | { ok: false; error: ApiError }

/** Mutations per push request: small enough to finish in the seconds a backgrounded app has left. */
export const PUSH_BATCH_SIZE = 20

const KEYS = {
  pending: 'wuzha.outbox.pending',
  rejected: 'wuzha.outbox.rejected',
  lastSyncedAt: 'wuzha.outbox.lastSyncedAt',
  clientId: 'wuzha.clientId'
} as const

let state: OutboxState | null = null
let snapshot: OutboxSnapshot | null = null
let syncing = false
let lastError: string | null = null
let lastSyncedAt: string | null | undefined
let online = true
let failures = 0
let batchSize = PUSH_BATCH_SIZE
let retryTimer: ReturnType<typeof setTimeout> | null = null
let inFlight: Promise<SyncOutcome> | null = null
const listeners = new Set<() => void>()
const syncedListeners = new Set<() => void>()

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

function getLastSyncedAt(): string | null {
  if (lastSyncedAt === undefined) lastSyncedAt = readJson<string | null>(KEYS.lastSyncedAt, null)
  return lastSyncedAt
}

export function getOutboxSnapshot(): OutboxSnapshot {
  if (!snapshot) {
    const { pending, rejected } = load()
    snapshot = { pending, rejected, syncing, lastError, lastSyncedAt: getLastSyncedAt(), online }
  }
  return snapshot
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Called after every sync run that left nothing waiting (e.g. to pull what others changed). */
export function onOutboxDrained(listener: () => void): () => void {
  syncedListeners.add(listener)
  return () => syncedListeners.delete(listener)
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
 * Appends mutations to the outbox, starts sending them, and returns them with their ids. Throws when
 * storage refuses the write, in which case nothing was saved.
 */
export function enqueueMutations(inputs: ReadonlyArray<MutationInput>): Mutation[] {
  const at = new Date().toISOString()
  const mutations = inputs.map((input): Mutation => ({ ...input, id: uuidv4(), at }))
  commit(enqueue(load(), mutations))
  void syncNow()
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

/**
 * Sends one rejected mutation again (e.g. after the reason was fixed elsewhere) under a new id: the
 * server remembers the result of every id it has seen and would only replay the rejection.
 */
export function retryRejectedMutation(mutationId: string): Promise<SyncOutcome> {
  commit(requeueRejected(load(), mutationId, uuidv4, new Date().toISOString()))
  return syncNow()
}

export function discardRejectedMutation(mutationId: string): void {
  commit(discardRejected(load(), mutationId))
}

/**
 * Syncs whenever the network comes back, and reports online/offline in the snapshot. Call once when
 * the app launches; the returned function stops it.
 */
export function startAutoSync(): () => void {
  return watchNetwork((isOnline) => {
    const cameBack = isOnline && !online
    online = isOnline
    changed()
    if (cameBack) void syncNow()
  })
}

/**
 * The app went to the background: WeChat will cut any request in a few seconds, so the backoff timer
 * stops here; coming back (syncNow on show) starts again.
 */
export function pauseAutoSync(): void {
  cancelRetry()
}

async function drain(): Promise<SyncOutcome> {
  cancelRetry()
  setSyncing(true)
  let acknowledged = false
  try {
    for (;;) {
      const batch = nextBatch(load(), batchSize)
      if (batch.length === 0) return succeeded(acknowledged)
      if (!getToken()) return { ok: true }
      try {
        const response = await api.post<PushResponse>('/sync/push', { clientId: getClientId(), mutations: batch })
        commit(applyPushResults(load(), batch, response.results, new Date().toISOString()))
        acknowledged = true
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

function succeeded(acknowledged: boolean): SyncOutcome {
  failures = 0
  lastError = null
  if (acknowledged) markSynced()
  syncedListeners.forEach((listener) => listener())
  return { ok: true }
}

/** Records that the server has everything this device had to send, as of now. */
export function markSynced(): void {
  lastSyncedAt = new Date().toISOString()
  try {
    writeJson(KEYS.lastSyncedAt, lastSyncedAt)
  } catch {
    // Only the time shown on the sync page; the outbox itself is stored.
  }
  changed()
}

function failed(error: ApiError): SyncOutcome {
  lastError = error.message
  failures++
  // A 401 sends the person to sign in; the outbox waits for the next session instead of retrying.
  if (error.status !== 401) scheduleRetry(retryDelayMs(failures, Math.random()))
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
