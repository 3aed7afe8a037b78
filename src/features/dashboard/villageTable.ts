import type { DashboardVillage, HouseholdSummary, RegionRef } from '@/core/api'

/** The columns an official can order the village table by (officials only: nothing public ranks villages). */
export const SORT_KEYS = ['points', 'appCoverage', 'visitCoverage', 'gap'] as const
export type SortKey = (typeof SORT_KEYS)[number]

export const SORT_LABELS: Record<SortKey, string> = {
  points: '得分',
  appCoverage: '注册率',
  visitCoverage: '走访覆盖',
  gap: '距达标'
}

/** Points still missing to the rule set's pass line; null for a village with no points yet. */
export function pointsGap(village: DashboardVillage, passPoints: number): number | null {
  if (village.points === null) return null
  return Math.max(0, Math.round((passPoints - village.points) * 10) / 10)
}

/**
 * Weakest first for every column (lowest points and coverage, largest gap), where officials act first;
 * villages that have not started (no points) go last on the points and gap columns, by name within ties.
 */
export function sortVillages(villages: ReadonlyArray<DashboardVillage>, key: SortKey, passPoints: number): DashboardVillage[] {
  const weakness = (village: DashboardVillage): number => {
    switch (key) {
      case 'points':
        return village.points === null ? Number.NEGATIVE_INFINITY : -village.points
      case 'gap':
        return pointsGap(village, passPoints) ?? Number.NEGATIVE_INFINITY
      case 'appCoverage':
        return -village.appCoverage
      case 'visitCoverage':
        return -village.visitCoverage
    }
  }
  return [...villages].sort((a, b) => weakness(b) - weakness(a) || a.name.localeCompare(b.name, 'zh-CN'))
}

export interface TownshipGroup {
  township: RegionRef
  villages: DashboardVillage[]
  households: number
  certified: number
}

/**
 * A county's villages under their townships (a village code starts with its township's 9 digits), each
 * township with its totals, in the order the county lists its townships.
 */
export function groupByTownship(villages: ReadonlyArray<DashboardVillage>, townships: ReadonlyArray<RegionRef>): TownshipGroup[] {
  return townships
    .map((township) => {
      const own = villages.filter((village) => village.code.startsWith(township.code))
      return {
        township,
        villages: own,
        households: own.reduce((sum, village) => sum + village.households, 0),
        certified: own.filter((village) => village.status === 'certified').length
      }
    })
    .filter((group) => group.villages.length > 0)
}

export interface GridFigures {
  households: number
  eligible: number
  registered: number
}

/** Each grid's households and app registrations, summed from the village's household list. */
export function gridFigures(households: ReadonlyArray<HouseholdSummary>): Map<string, GridFigures> {
  const byGrid = new Map<string, GridFigures>()
  for (const household of households) {
    const figures = byGrid.get(household.gridId) ?? { households: 0, eligible: 0, registered: 0 }
    byGrid.set(household.gridId, {
      households: figures.households + 1,
      eligible: figures.eligible + household.eligible,
      registered: figures.registered + household.registered
    })
  }
  return byGrid
}
