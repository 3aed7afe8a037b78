import type { Mutation, MutationInput, PushResponse } from '@/core/mutations'
import { ApiError, api } from './api'
import { uuidv4 } from './ids'
import { watchNetwork } from './network'
import { currentUserId, getToken, subscribeSession } from './session'
import { adoptLegacyKey, readJson, userKey, writeJson } from './storage'
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
  /** Whose outbox this is: the signed-in user (null: nobody, and nothing to show). */
  userId: string | null
  pending: ReadonlyArray<Mutation>
  rejected: ReadonlyArray<RejectedMutation>
  syncing: boolean
  /** Why the last push did not go through, when it did not. */
  lastError: string | null
  /** When everything this user had waiting last reached the server (ISO), or null if never on this phone. */
  lastSyncedAt: string | null
  /** Whether the phone reports signal. */
  online: boolean
}

export type SyncOutcome = { ok: true } | { ok: false; error: ApiError }

/** Mutations per push request: small enough to finish in the seconds a backgrounded app has left. */
export const PUSH_BATCH_SIZE = 20

/**
 * Each user's outbox is stored under their own keys (a shared phone keeps every worker's changes
 * apart); the install's id is the phone's.
 */
const NAMES = { pending: 'outbox.pending', rejected: 'outbox.rejected', lastSyncedAt: 'outbox.lastSyncedAt' } as const
const CLIENT_ID_KEY = 'wuzha.clientId'

interface UserOutbox {
  state: OutboxState
  lastSyncedAt: string | null
}

const outboxes = new Map<string, UserOutbox>()
let snapshot: OutboxSnapshot | null = null
let syncing = false
let lastError: string | null = null
let online = true
let failures = 0
let batchSize = PUSH_BATCH_SIZE
let retryTimer: ReturnType<typeof setTimeout> | null = null
let inFlight: Promise<SyncOutcome> | null = null
/** Whose outbox the run in flight is sending. */
let runningFor: string | null = null
const listeners = new Set<() => void>()
const syncedListeners = new Set<() => void>()

function outboxOf(userId: string): UserOutbox {
  let outbox = outboxes.get(userId)
  if (!outbox) {
    Object.values(NAMES).forEach((name) => adoptLegacyKey(userId, name))
    outbox = {
      state: {
        pending: readJson<Mutation[]>(userKey(userId, NAMES.pending), EMPTY_OUTBOX.pending),
        rejected: readJson<RejectedMutation[]>(userKey(userId, NAMES.rejected), EMPTY_OUTBOX.rejected)
      },
      lastSyncedAt: readJson<string | null>(userKey(userId, NAMES.lastSyncedAt), null)
    }
    outboxes.set(userId, outbox)
  }
  return outbox
}

/** The signed-in user's id, or an error for the person when nobody is signed in. */
function signedInUser(): string {
  const userId = currentUserId()
  if (!userId) throw new Error('请先登录，再保存修改')
  return userId
}

/** Stores the new state first; memory and listeners follow only once storage has accepted it. */
function commit(userId: string, next: OutboxState): void {
  const outbox = outboxOf(userId)
  if (next.pending !== outbox.state.pending) writeJson(userKey(userId, NAMES.pending), next.pending)
  if (next.rejected !== outbox.state.rejected) writeJson(userKey(userId, NAMES.rejected), next.rejected)
  outbox.state = next
  changed()
}

function changed(): void {
  snapshot = null
  listeners.forEach((listener) => listener())
}

export function getOutboxSnapshot(): OutboxSnapshot {
  const userId = currentUserId()
  if (!snapshot || snapshot.userId !== userId) {
    const outbox = userId ? outboxOf(userId) : null
    const { pending, rejected } = outbox?.state ?? EMPTY_OUTBOX
    snapshot = { userId, pending, rejected, syncing, lastError, lastSyncedAt: outbox?.lastSyncedAt ?? null, online }
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
  let clientId = readJson<string>(CLIENT_ID_KEY, '')
  if (!clientId) {
    clientId = uuidv4()
    writeJson(CLIENT_ID_KEY, clientId)
  }
  return clientId
}

/**
 * Appends mutations to the outbox, starts sending them, and returns them with their ids. Throws when
 * storage refuses the write, in which case nothing was saved.
 */
export function enqueueMutations(inputs: ReadonlyArray<MutationInput>): Mutation[] {
  const userId = signedInUser()
  const at = new Date().toISOString()
  const mutations = inputs.map((input): Mutation => ({ ...input, id: uuidv4(), at }))
  commit(userId, enqueue(outboxOf(userId).state, mutations))
  void syncNow()
  return mutations
}

export function isPending(mutationId: string): boolean {
  return getOutboxSnapshot().pending.some((mutation) => mutation.id === mutationId)
}

/**
 * Pushes everything the signed-in user has pending, batch by batch. Concurrent calls share one run; a
 * run for someone who has since signed out is followed by one for whoever is signed in now.
 */
export function syncNow(): Promise<SyncOutcome> {
  if (inFlight) {
    const runFor = runningFor
    return inFlight.then((outcome) => (outcome.ok || runFor !== currentUserId() ? syncNow() : outcome))
  }
  runningFor = currentUserId()
  inFlight = drain(runningFor).finally(() => {
    inFlight = null
  })
  return inFlight
}

/**
 * Sends one rejected mutation again (e.g. after the reason was fixed elsewhere) under a new id: the
 * server remembers the result of every id it has seen and would only replay the rejection.
 */
export function retryRejectedMutation(mutationId: string): Promise<SyncOutcome> {
  const userId = signedInUser()
  commit(userId, requeueRejected(outboxOf(userId).state, mutationId, uuidv4, new Date().toISOString()))
  return syncNow()
}

export function discardRejectedMutation(mutationId: string): void {
  const userId = signedInUser()
  commit(userId, discardRejected(outboxOf(userId).state, mutationId))
}

/**
 * Syncs whenever the network comes back and whenever someone signs in (a worker returning to a shared
 * phone finds their waiting changes sent without a tap), and reports online/offline in the snapshot.
 * Call once when the app launches; the returned function stops it.
 */
export function startAutoSync(): () => void {
  let signedIn = currentUserId()
  const stopSession = subscribeSession(() => {
    const next = currentUserId()
    if (next === signedIn) return
    signedIn = next
    // The previous person's failures and backoff are not the next one's.
    cancelRetry()
    failures = 0
    lastError = null
    changed()
    if (next) void syncNow()
  })
  const stopNetwork = watchNetwork((isOnline) => {
    const cameBack = isOnline && !online
    online = isOnline
    changed()
    if (cameBack) void syncNow()
  })
  return () => {
    stopSession()
    stopNetwork()
  }
}

/**
 * The app went to the background: WeChat will cut any request in a few seconds, so the backoff timer
 * stops here; coming back (syncNow on show) starts again.
 */
export function pauseAutoSync(): void {
  cancelRetry()
}

async function drain(owner: string | null): Promise<SyncOutcome> {
  if (!owner) return { ok: true }
  cancelRetry()
  setSyncing(true)
  let acknowledged = false
  try {
    for (;;) {
      // Signed out (or someone else signed in) meanwhile: the rest waits for this person's return,
      // never to be sent under another's token. Checked right before the request takes the token.
      if (currentUserId() !== owner || !getToken()) return { ok: true }
      const batch = nextBatch(outboxOf(owner).state, batchSize)
      if (batch.length === 0) return succeeded(owner, acknowledged)
      try {
        const response = await api.post<PushResponse>('/sync/push', { clientId: getClientId(), mutations: batch })
        // The answer belongs to the outbox it was sent from, whoever is signed in by now.
        commit(owner, applyPushResults(outboxOf(owner).state, batch, response.results, new Date().toISOString()))
        acknowledged = true
        failures = 0
      } catch (caught) {
        const error = caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', '同步失败，稍后自动重试')
        if (error.status === 413 && batch.length > 1) {
          batchSize = Math.max(1, Math.floor(batch.length / 2))
          continue
        }
        if (error.retryable || error.status === 401) return failed(error)
        commit(owner, rejectFromRequestError(outboxOf(owner).state, batch, error, new Date().toISOString()))
      }
    }
  } finally {
    setSyncing(false)
  }
}

function succeeded(owner: string, acknowledged: boolean): SyncOutcome {
  failures = 0
  lastError = null
  if (acknowledged) markSynced(owner)
  syncedListeners.forEach((listener) => listener())
  return { ok: true }
}

/** Records that the server has everything this user had to send from this phone, as of now. */
export function markSynced(userId: string): void {
  const outbox = outboxOf(userId)
  outbox.lastSyncedAt = new Date().toISOString()
  try {
    writeJson(userKey(userId, NAMES.lastSyncedAt), outbox.lastSyncedAt)
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
