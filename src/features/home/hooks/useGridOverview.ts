import { useCallback, useMemo, useState } from 'react'
import type { User } from '@/core/api'
import { gridName, rememberGridNames } from '@/services/gridCache'
import { useCachedHouseholds, useGridPull } from '@/hooks/useGridCache'
import { fetchGrids } from '@/features/households/api'
import { gridTotals, type GridTotals } from '../gridTotals'

export interface GridOverview {
  gridName: string
  /** Null until a pull of the grid has come to its end on this phone: a part of the grid is no total. */
  totals: GridTotals | null
}

/**
 * The grid worker's grid and its totals, from the phone's copy of the grid (services/gridCache) with
 * the changes not yet sent on top: it works without signal, and a household saved offline counts at
 * once. Showing it pulls what changed; the grid's name comes from the server once and is remembered.
 * The totals wait for the first complete pull: before it the phone holds only part of the grid.
 */
export function useGridOverview(user: User | null) {
  const gridId = user?.scope.gridIds?.[0] ?? null
  const village = user?.scope.regionCode ?? null
  const { items, ready } = useCachedHouseholds(gridId)
  const { pulling, offline, error: pullError, pull } = useGridPull(gridId)
  const [name, setName] = useState(() => (gridId ? gridName(gridId) : null))

  const loadName = useCallback(async () => {
    if (!gridId || !village) return
    try {
      rememberGridNames(await fetchGrids(village))
      setName(gridName(gridId))
    } catch {
      // Without signal the remembered name (or 我的网格) stays.
    }
  }, [gridId, village])

  const reload = useCallback(() => Promise.all([pull(), loadName()]).then(() => undefined), [pull, loadName])

  const overview = useMemo<GridOverview | null>(
    () => (gridId ? { gridName: name ?? '我的网格', totals: ready ? gridTotals(items) : null } : null),
    [gridId, ready, items, name]
  )

  return {
    overview,
    error: gridId ? pullError : '当前账号没有分配网格，请联系村/社区管理员',
    // Until the first complete pull, or until it fails: never a blank where the figures will be.
    loading: !ready && Boolean(gridId) && (pulling || (!offline && !pullError)),
    offline: !ready && offline,
    reload
  }
}
