import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { HouseholdFilter, HouseholdSummary } from '@/core/api'
import { errorMessage } from '@/services/api'
import { isCachedGrid } from '@/services/gridCache'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'
import { useCachedHouseholds, useGridPull } from '@/hooks/useGridCache'
import { fetchHouseholds, type HouseholdScope } from '../api'
import { byWhatNeedsDoing, visitedBySummary } from '../ordering'

/** A grid has up to a few thousand households; 100 summaries are about 25 KB. */
const PAGE_SIZE = 100
const SEARCH_DEBOUNCE_MS = 300

/**
 * Household summaries of a grid or village, searched by name, address or phone number as the worker
 * types (debounced), narrowed by any set of filters (all must hold), and shown by what needs doing
 * (ordering.ts), with `isVisited` telling which were visited this quarter.
 *
 * A grid worker's own grid is read from the phone's copy (services/gridCache: pulled from
 * GET /sync/pull, with changes not yet sent applied on top), so the list works without signal and a
 * saved change shows at once. Search and filters run on the phone with the server's meaning
 * (core/localCache). The whole grid is in memory, so there is nothing to page: VirtualList renders only
 * the cards on screen. Opening the list pulls what changed since the last pull; until the first pull
 * has finished the list is loading, and when a pull gets no answer the phone's copy stays with `offline`.
 *
 * Anything else (a village admin's village, which the phone has no copy of) is read from
 * GET /households one page at a time, in address order, re-ordered as each page arrives.
 */
export function useHouseholdList(scope: HouseholdScope | null, search: string, filters: ReadonlyArray<HouseholdFilter>) {
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS)
  const cachedGrid = isCachedGrid(scope?.grid) ? scope.grid : null
  // One string for the set, so the hooks below see a change only when the set changes.
  const filter = [...filters].sort().join(',')
  const local = useLocalList(cachedGrid, q, filter)
  const remote = useRemoteList(cachedGrid ? null : scope, q, filter)
  return cachedGrid ? local : remote
}

function useLocalList(gridId: string | null, q: string, filter: string) {
  const filters = useMemo(() => (filter ? (filter.split(',') as HouseholdFilter[]) : []), [filter])
  const { items, visited, ready } = useCachedHouseholds(gridId, { q: q || undefined, filters })
  const isVisited = useCallback((household: HouseholdSummary) => visited.has(household.id), [visited])
  const { pulling, offline, error, pull } = useGridPull(gridId)
  const [epoch, setEpoch] = useState(0)
  const order = useRef<{ key: string; ids: string[] } | null>(null)
  // By what needs doing, but a card does not jump away from under the worker's finger when a visit
  // or an edit changes its need: the order is kept until the search, the filter or a refresh changes.
  // Households new to the list (just added) come first.
  const ordered = useMemo(() => {
    const key = `${gridId}|${q}|${filter}|${epoch}|${ready}`
    const fresh = byWhatNeedsDoing(items, isVisited)
    const previous = order.current
    let result = fresh
    if (previous && previous.key === key) {
      const byId = new Map(items.map((household) => [household.id, household]))
      const known = new Set(previous.ids)
      result = fresh
        .filter((household) => !known.has(household.id))
        .concat(previous.ids.flatMap((id) => byId.get(id) ?? []))
    }
    order.current = { key, ids: result.map((household) => household.id) }
    return result
  }, [items, isVisited, gridId, q, filter, epoch, ready])
  const refresh = useCallback(async () => {
    await pull()
    setEpoch((current) => current + 1)
  }, [pull])
  return {
    items: ordered,
    isVisited,
    // Before the first pull has answered, an empty list means nothing yet.
    loading: !ready && (pulling || (!error && !offline)),
    error: ready ? null : (error ?? (offline ? '离线：连上网络后下载本网格的户' : null)),
    offline: ready && offline,
    /** The list is the whole grid (a pull has come to its end), so its length is the grid's count. */
    complete: ready,
    hasMore: false,
    refresh,
    loadMore: () => Promise.resolve(),
    // The phone's copy already has the visit (it is in the outbox).
    markVisited: (_householdId: string, _at: string) => {}
  }
}

function isVisitedNow(household: HouseholdSummary): boolean {
  return visitedBySummary(household, new Date())
}

function useRemoteList(scope: HouseholdScope | null, q: string, filter: string) {
  const [items, setItems] = useState<HouseholdSummary[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const generation = useRef(0)
  const grid = scope?.grid
  const village = scope?.village

  const load = useCallback(
    async (cursor: string | null) => {
      if (!grid && !village) return
      const current = ++generation.current
      setLoading(true)
      setError(null)
      try {
        const page = await fetchHouseholds({ grid, village, q: q || undefined, filter: filter || undefined, cursor, limit: PAGE_SIZE })
        if (current !== generation.current) return
        setItems((previous) => byWhatNeedsDoing(cursor ? previous.concat(page.items) : page.items, isVisitedNow))
        setNextCursor(page.nextCursor)
      } catch (caught) {
        if (current === generation.current) setError(errorMessage(caught))
      } finally {
        if (current === generation.current) setLoading(false)
      }
    },
    [grid, village, q, filter]
  )

  useEffect(() => {
    void load(null)
  }, [load])

  /**
   * Shows a visit recorded on this phone before the server has it. The card stays where it is, so it
   * does not jump away from under the worker's finger; the next refresh re-orders.
   */
  const markVisited = useCallback((householdId: string, at: string) => {
    setItems((previous) => previous.map((household) => (household.id === householdId ? { ...household, lastVisitAt: at } : household)))
  }, [])

  return {
    items,
    isVisited: isVisitedNow,
    loading,
    error,
    offline: false,
    complete: !loading && !error && nextCursor === null,
    hasMore: nextCursor !== null,
    refresh: () => load(null),
    loadMore: () => (nextCursor && !loading ? load(nextCursor) : Promise.resolve()),
    markVisited
  }
}
