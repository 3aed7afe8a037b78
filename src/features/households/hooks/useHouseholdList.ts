import { useCallback, useEffect, useRef, useState } from 'react'
import type { HouseholdSummary } from '@/core/api'
import { errorMessage } from '@/services/api'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'
import { fetchHouseholds, type HouseholdScope } from '../api'

const PAGE_SIZE = 30
const SEARCH_DEBOUNCE_MS = 300

/**
 * Household summaries of a grid or village, searched by name or address as the worker types
 * (debounced), one page at a time. Answers to an older search are ignored.
 */
export function useHouseholdList(scope: HouseholdScope | null, search: string) {
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
        const page = await fetchHouseholds({ grid, village, q: q || undefined, cursor, limit: PAGE_SIZE })
        if (current !== generation.current) return
        setItems((previous) => (cursor ? previous.concat(page.items) : page.items))
        setNextCursor(page.nextCursor)
      } catch (caught) {
        if (current === generation.current) setError(errorMessage(caught))
      } finally {
        if (current === generation.current) setLoading(false)
      }
    },
    [grid, village, q]
  )

  useEffect(() => {
    void load(null)
  }, [load])

  return {
    items,
    loading,
    error,
    hasMore: nextCursor !== null,
    refresh: () => load(null),
    loadMore: () => (nextCursor && !loading ? load(nextCursor) : Promise.resolve())
  }
}
