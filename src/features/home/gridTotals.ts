import type { HouseholdSummary } from '@/core/api'

/** The figures on the home screen: households, and registered among those app coverage counts. */
export interface GridTotals {
  households: number
  eligible: number
  registered: number
}

/** The grid's totals, summed over its households' list fields. */
export function gridTotals(households: ReadonlyArray<Pick<HouseholdSummary, 'eligible' | 'registered'>>): GridTotals {
  return households.reduce<GridTotals>(
    (totals, household) => ({
      households: totals.households + 1,
      eligible: totals.eligible + household.eligible,
      registered: totals.registered + household.registered
    }),
    { households: 0, eligible: 0, registered: 0 }
  )
}
