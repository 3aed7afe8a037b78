import { useCallback, useEffect, useRef, useState } from 'react'
import type { HouseholdDetail, VisitView } from '@/core/api'
import { errorMessage } from '@/services/api'
import { fetchHousehold } from '../api'

/** One household with its members and visits; a visit recorded on this phone shows before the server has it. */
export function useHouseholdDetail(id: string | undefined) {
  const [household, setHousehold] = useState<HouseholdDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const generation = useRef(0)

  const reload = useCallback(async () => {
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
  }, [id])

  useEffect(() => {
    void reload()
  }, [reload])

  const addVisit = useCallback((visit: VisitView) => {
    setHousehold((current) =>
      current && { ...current, lastVisitAt: visit.at, visits: [visit, ...current.visits.filter((known) => known.id !== visit.id)] }
    )
  }, [])

  return { household, error, reload, addVisit }
}
