import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { HouseholdFilter } from '@/core/api'
import { ApiError, errorMessage } from '@/services/api'
import {
  countWaitingHouseholds,
  getGridCacheVersion,
  getHousehold,
  gridCoverageBreakdown,
  gridPendingCertifications,
  hasPulled,
  listHouseholds,
  pullGrid,
  subscribeGridCache,
  visitedThisQuarter
} from '@/services/gridCache'

/**
 * Households of a grid from the phone's copy (with changes not yet sent applied), searched and
 * filtered like GET /households, with the ids of those visited this quarter; `ready` is false until
 * the grid was pulled once on this phone.
 */
export function useCachedHouseholds(gridId: string | null, query: { q?: string; filters?: ReadonlyArray<HouseholdFilter> } = {}) {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  const { q, filters } = query
  // Memo key: a new array with the same filters must not recompute the list.
  const filterKey = filters?.join(',') ?? ''
  return useMemo(
    () => ({
      items: gridId ? listHouseholds(gridId, { q, filters }) : [],
      visited: gridId ? visitedThisQuarter(gridId) : new Set<string>(),
      ready: gridId ? hasPulled(gridId) : false
    }),
    // `version` moves whenever the cache or the outbox does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, gridId, q, filterKey]
  )
}

/** The members behind the grid's coverage figures (who counts, who does not and why), from the phone's copy. */
export function useCoverageBreakdown(gridId: string | null) {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  return useMemo(
    () => ({ breakdown: gridId ? gridCoverageBreakdown(gridId) : null, ready: gridId ? hasPulled(gridId) : false }),
    // `version` moves whenever the cache or the outbox does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, gridId]
  )
}

/** The grid's certifications waiting for review, from the phone's copy (works without signal). */
export function usePendingCertifications(gridId: string | null) {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  // `version` moves whenever the cache or the outbox does.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (gridId ? gridPendingCertifications(gridId) : []), [version, gridId])
}

/** How many distinct households the changes waiting to be sent are about. */
export function useWaitingHouseholds(): number {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => countWaitingHouseholds(), [version])
}

/** One household from the phone's copy, or null when the phone does not have it. */
export function useCachedHousehold(householdId: string | null) {
  const version = useSyncExternalStore(subscribeGridCache, getGridCacheVersion)
  // `version` moves whenever the cache or the outbox does.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (householdId ? getHousehold(householdId) : null), [version, householdId])
}

/**
 * Pulls a cached grid when the screen opens (and on `pull()`): `pulling` while it runs, `offline` when
 * the last pull got no answer (the screen keeps showing the phone's copy), `error` for any other failure.
 */
export function useGridPull(gridId: string | null) {
  const [pulling, setPulling] = useState(false)
  const [offline, setOffline] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const pull = useCallback(async () => {
    if (!gridId) return
    setPulling(true)
    try {
      await pullGrid(gridId)
      setOffline(false)
      setError(null)
    } catch (caught) {
      const noAnswer = caught instanceof ApiError && caught.code === 'NETWORK'
      setOffline(noAnswer)
      setError(noAnswer ? null : errorMessage(caught))
    } finally {
      setPulling(false)
    }
  }, [gridId])

  useEffect(() => {
    void pull()
  }, [pull])

  return { pulling, offline, error, pull }
}
