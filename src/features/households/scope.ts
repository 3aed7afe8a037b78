import type { User } from '@/core/api'
import type { HouseholdScope } from './api'

/**
 * The households a user works on: a grid worker's (first) grid, otherwise the village of their scope.
 * A worker with several grids works them one at a time; the first is the default.
 */
export function householdScopeOf(user: User | null): HouseholdScope | null {
  if (!user) return null
  const gridId = user.scope.gridIds?.[0]
  if (user.role === 'grid_worker' && gridId) return { grid: gridId }
  if (user.scope.regionCode?.length === 12) return { village: user.scope.regionCode }
  return null
}
