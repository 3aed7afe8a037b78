import { useSyncExternalStore } from 'react'
import {
  discardRejectedMutation,
  getOutboxSnapshot,
  retryRejectedMutation,
  subscribeOutbox,
  syncNow
} from '@/services/outbox'

/**
 * The outbox as the screen shows it: what waits to be sent, what was refused, whether it is sending,
 * when it last reached the server, and whether the phone has signal.
 */
export function useOutbox() {
  const snapshot = useSyncExternalStore(subscribeOutbox, getOutboxSnapshot)
  return {
    pending: snapshot.pending,
    rejected: snapshot.rejected,
    syncing: snapshot.syncing,
    lastError: snapshot.lastError,
    lastSyncedAt: snapshot.lastSyncedAt,
    online: snapshot.online,
    syncNow,
    retryRejectedMutation,
    discardRejected: discardRejectedMutation
  }
}
