import { useCallback, useState } from 'react'
import type { User } from '@/core/api'
import { errorMessage } from '@/services/api'
import { fetchGrids, fetchHouseholds } from '@/features/households/api'

export interface GridOverview {
  gridName: string
  households: number
  eligible: number
  registered: number
  /** True when the grid has more households than were counted (see MAX_PAGES). */
  partial: boolean
}

const PAGE_SIZE = 200
/** A grid has a few hundred households at most; stop counting after this many pages. */
const MAX_PAGES = 10

/** The grid worker's grid and its totals, summed over the household summaries of the grid. */
export function useGridOverview(user: User | null) {
  const [overview, setOverview] = useState<GridOverview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)

  const load = useCallback(async () => {
    const gridId = user?.scope.gridIds?.[0]
    const village = user?.scope.regionCode
    if (!gridId || !village) {
      setError('当前账号没有分配网格，请联系村/社区管理员')
      return
    }
    setLoading(true)
    setError(null)
    try {
      const [grids, totals] = await Promise.all([fetchGrids(village), countHouseholds(gridId)])
      const grid = grids.find((candidate) => candidate.id === gridId)
      setOverview({ gridName: grid?.name ?? '我的网格', ...totals })
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setLoading(false)
    }
  }, [user])

  return { overview, error, loading, reload: load }
}

async function countHouseholds(grid: string) {
  const totals = { households: 0, eligible: 0, registered: 0, partial: false }
  let cursor: string | null = null
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchHouseholds({ grid, cursor, limit: PAGE_SIZE })
    for (const household of result.items) {
      totals.households++
      totals.eligible += household.eligible
      totals.registered += household.registered
    }
    cursor = result.nextCursor
    if (!cursor) return totals
  }
  return { ...totals, partial: true }
}
