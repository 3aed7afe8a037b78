import { useSyncExternalStore } from 'react'
import { getOutboxSnapshot, retryRejected, subscribeOutbox, syncNow, discardRejectedMutation } from '@/services/outbox'

/** The outbox as the screen shows it: what waits to be sent, what was refused, and whether it is sending. */
export function useOutbox() {
  const snapshot = useSyncExternalStore(subscribeOutbox, getOutboxSnapshot)
  return {
    pending: snapshot.pending,
    rejected: snapshot.rejected,
    syncing: snapshot.syncing,
    lastError: snapshot.lastError,
    syncNow,
    retryRejected,
    discardRejected: discardRejectedMutation
  }
}
