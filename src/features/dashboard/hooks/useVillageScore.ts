import { useCallback, useState } from 'react'
import type { Grid, HouseholdSummary, Page, VillageScoreView } from '@/core/api'
import { api, errorMessage } from '@/services/api'

/** The most GET /households answers a page with. */
const PAGE_SIZE = 500

/** Every household of a village, page by page, as the list shows them to staff (masked head names). */
async function villageHouseholds(code: string): Promise<HouseholdSummary[]> {
  const households: HouseholdSummary[] = []
  let cursor: string | null = null
  do {
    const page: Page<HouseholdSummary> = await api.get<Page<HouseholdSummary>>('/households', { village: code, limit: PAGE_SIZE, cursor })
    households.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return households
}

/**
 * A village's explained score and gap list for a period, with its grids (names and workers) and its
 * households (the gap list's addresses, and each grid's households and registrations).
 */
export function useVillageScore(code: string | undefined, period: string | undefined) {
  const [score, setScore] = useState<VillageScoreView | null>(null)
  const [grids, setGrids] = useState<Grid[]>([])
  const [households, setHouseholds] = useState<HouseholdSummary[]>([])
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    if (!code) {
      setError('没有指定村社区')
      return
    }
    setError(null)
    try {
      const [loaded, gridList, roster] = await Promise.all([
        api.get<VillageScoreView>(`/scores/villages/${code}`, { period }),
        api.get<{ items: Grid[] }>('/grids', { village: code }),
        villageHouseholds(code)
      ])
      setScore(loaded)
      setGrids(gridList.items)
      setHouseholds(roster)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [code, period])

  return { score, grids, households, error, reload: load }
}
