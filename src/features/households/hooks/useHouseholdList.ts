import { useCallback, useEffect, useRef, useState } from 'react'
import type { HouseholdFilter, HouseholdSummary } from '@/core/api'
import { errorMessage } from '@/services/api'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'
import { fetchHouseholds, type HouseholdScope } from '../api'
import { byWhatNeedsDoing } from '../ordering'

/** A grid has up to a few thousand households; 100 summaries are about 25 KB. */
const PAGE_SIZE = 100
const SEARCH_DEBOUNCE_MS = 300

/**
 * Household summaries of a grid or village, searched by name or address as the worker types
 * (debounced) and narrowed by one server-side filter, one page at a time. The server pages in address
 * order; everything loaded so far is shown by what needs doing (ordering.ts), re-ordered as each page
 * arrives. Answers to an older search or filter are ignored.
 */
export function useHouseholdList(scope: HouseholdScope | null, search: string, filter: HouseholdFilter | null) {
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS)
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
        const page = await fetchHouseholds({ grid, village, q: q || undefined, filter: filter ?? undefined, cursor, limit: PAGE_SIZE })
        if (current !== generation.current) return
        setItems((previous) => byWhatNeedsDoing(cursor ? previous.concat(page.items) : page.items, new Date()))
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
    loading,
    error,
    hasMore: nextCursor !== null,
    refresh: () => load(null),
    loadMore: () => (nextCursor && !loading ? load(nextCursor) : Promise.resolve()),
    markVisited
  }
}
