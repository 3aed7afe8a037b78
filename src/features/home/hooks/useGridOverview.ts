import { useCallback, useMemo, useState } from 'react'
import type { User } from '@/core/api'
import { gridName, rememberGridNames } from '@/services/gridCache'
import { useCachedHouseholds, useGridPull } from '@/hooks/useGridCache'
import { fetchGrids } from '@/features/households/api'
import { gridTotals, type GridTotals } from '../gridTotals'

export interface GridOverview {
  gridName: string
  totals: GridTotals
  /** The grid was pulled to this phone at least once (otherwise only what was saved here is counted). */
  complete: boolean
}

/**
 * The grid worker's grid and its totals, from the phone's copy of the grid (services/gridCache) with
 * the changes not yet sent on top: it works without signal, and a household saved offline counts at
 * once. Showing it pulls what changed; the grid's name comes from the server once and is remembered.
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
    () => (gridId && (ready || items.length > 0) ? { gridName: name ?? '我的网格', totals: gridTotals(items), complete: ready } : null),
    [gridId, ready, items, name]
  )

  return {
    overview,
    error: gridId ? pullError : '当前账号没有分配网格，请联系村/社区管理员',
    loading: !ready && pulling,
    offline: !ready && offline,
    reload
  }
}
