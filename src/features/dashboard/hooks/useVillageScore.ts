import { useCallback, useState } from 'react'
import type { Grid, VillageScoreView } from '@/core/api'
import { api, errorMessage } from '@/services/api'

/** A village's explained score and gap list for a period, with its grids (names and workers). */
export function useVillageScore(code: string | undefined, period: string | undefined) {
  const [score, setScore] = useState<VillageScoreView | null>(null)
  const [grids, setGrids] = useState<Grid[]>([])
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    if (!code) {
      setError('没有指定村社区')
      return
    }
    setError(null)
    try {
      const [loaded, gridList] = await Promise.all([
        api.get<VillageScoreView>(`/scores/villages/${code}`, { period }),
        api.get<{ items: Grid[] }>('/grids', { village: code })
      ])
      setScore(loaded)
      setGrids(gridList.items)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [code, period])

  return { score, grids, error, reload: load }
}
