import { useMemo, useSyncExternalStore } from 'react'
import type { HouseholdFilter } from '@/core/api'
import { getGridCacheVersion, getHousehold, hasPulled, listHouseholds, subscribeGridCache } from '@/services/gridCache'

/**
 * Households of a grid from the phone's copy (with changes not yet sent applied), searched and
 * filtered like GET /households; `ready` is false until the grid was pulled once on this phone.
 */
export function useCachedHouseholds(gridId: string | null, query: { q?: string; filter?: HouseholdFilter } = {}) {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  const { q, filter } = query
  return useMemo(
    () => ({
      items: gridId ? listHouseholds(gridId, { q, filter }) : [],
      ready: gridId ? hasPulled(gridId) : false
    }),
    // `version` moves whenever the cache or the outbox does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, gridId, q, filter]
  )
}

/** One household from the phone's copy, or null when the phone does not have it. */
export function useCachedHousehold(householdId: string | null) {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (householdId ? getHousehold(householdId) : null), [version, householdId])
}
