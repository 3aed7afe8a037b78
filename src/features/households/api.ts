import type { Grid, HouseholdDetail, HouseholdSummary, Page } from '@/core/api'
import { api } from '@/services/api'

/** Which households a list shows: a grid worker's grid, or a whole village for its admin. */
export interface HouseholdScope {
  grid?: string
  village?: string
}

export interface HouseholdQuery extends HouseholdScope {
  q?: string
  /** Filters the households must all pass, comma-separated (GET /households `filter`). */
  filter?: string
  cursor?: string | null
  limit?: number
}

export function fetchHouseholds(query: HouseholdQuery): Promise<Page<HouseholdSummary>> {
  return api.get<Page<HouseholdSummary>>('/households', { ...query })
}

export function fetchHousehold(id: string): Promise<HouseholdDetail> {
  return api.get<HouseholdDetail>(`/households/${encodeURIComponent(id)}`)
}

export async function fetchGrids(villageCode: string): Promise<Grid[]> {
  const { items } = await api.get<{ items: Grid[] }>('/grids', { village: villageCode })
  return items
}
