import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { HouseholdDetail, VisitView } from '@/core/api'
import { compareVisits, latestVisitAt } from '@/core/visitTimes'
import { errorMessage } from '@/services/api'
import { myGridIds } from '@/services/gridCache'
import { getOutboxSnapshot, onOutboxDrained, subscribeOutbox } from '@/services/outbox'
import { useCachedHousehold } from '@/hooks/useGridCache'
import { fetchHousehold } from '../api'
import { gridAfterWaitingMoves } from '../waitingMoves'

/**
 * One household with its members and visits. A household of the worker's own grid is read from the
 * phone's copy (services/gridCache), so it opens without signal and shows a visit or an edit saved on
 * this phone at once. Anything the phone has no copy of (a village admin's household, or a grid not
 * pulled yet) is read from GET /households/:id, and a visit recorded here is added on top, and so is
 * a move to another grid (调整网格) still waiting in the outbox; once the outbox has sent everything,
 * the household is read again, so the page shows the server's state with the move in it.
 */
export function useHouseholdDetail(id: string | undefined) {
  const cached = useCachedHousehold(id && myGridIds().length > 0 ? id : null)
  const remote = useRemoteDetail(id, !cached)
  if (cached) return { household: cached, error: null, reload: () => Promise.resolve(), addVisit: (_visit: VisitView) => {} }
  return remote
}

function useRemoteDetail(id: string | undefined, enabled: boolean) {
  const [household, setHousehold] = useState<HouseholdDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const generation = useRef(0)

  const reload = useCallback(async () => {
    if (!enabled) return
    if (!id) {
      setError('缺少户编号')
      return
    }
    const current = ++generation.current
    try {
      const detail = await fetchHousehold(id)
      if (current !== generation.current) return
      setHousehold(detail)
      setError(null)
    } catch (caught) {
      if (current === generation.current) setError(errorMessage(caught))
    }
  }, [id, enabled])

  useEffect(() => {
    void reload()
  }, [reload])
  useEffect(() => (enabled ? onOutboxDrained(() => void reload()) : undefined), [enabled, reload])

  const { pending } = useSyncExternalStore(subscribeOutbox, getOutboxSnapshot)
  const shown = useMemo(() => {
    if (!household) return household
    const gridId = gridAfterWaitingMoves(household.id, household.gridId, pending)
    return gridId === household.gridId ? household : { ...household, gridId }
  }, [household, pending])

  const addVisit = useCallback((visit: VisitView) => {
    setHousehold((current) => {
      if (!current) return current
      const visits = [visit, ...current.visits.filter((known) => known.id !== visit.id)].sort(compareVisits)
      return { ...current, lastVisitAt: latestVisitAt(visits), visits }
    })
  }, [])

  return { household: shown, error, reload, addVisit }
}
