import type { Role, User, UserScope } from '../../../src/core/api'
import { isWithinRegion } from '../../../src/core/regions'

/**
 * What a signed-in person may see and change, on the region tree. Repositories ask it; nothing else
 * decides. Anything outside answers 404 so that ids cannot be probed.
 */
export class Scope {
  constructor(
    readonly role: Role,
    /** The region the user acts for; for a grid worker, the village of their grids. */
    readonly regionCode: string | null,
    /** Grid workers only: the grids they work. */
    readonly gridIds: ReadonlyArray<string> | null
  ) {}

  static of(user: User): Scope {
    return new Scope(user.role, user.scope.regionCode ?? null, user.role === 'grid_worker' ? (user.scope.gridIds ?? []) : null)
  }

  /** Region codes at or under the user's region (a grid worker: their village). */
  coversRegion(code: string): boolean {
    return this.regionCode != null && isWithinRegion(code, this.regionCode)
  }

  /** A grid worker covers only their own grids; everyone else every grid in their region. */
  coversGrid(grid: { id: string; villageCode: string }): boolean {
    if (this.gridIds) return this.gridIds.includes(grid.id)
    return this.coversRegion(grid.villageCode)
  }

  /** The SQL-friendly form: a household is in scope when its grid is listed or its village is under the prefix. */
  householdFilter(): { gridIds: ReadonlyArray<string> } | { regionPrefix: string } | { none: true } {
    if (this.gridIds) return { gridIds: this.gridIds }
    if (this.regionCode) return { regionPrefix: this.regionCode }
    return { none: true }
  }

  toUserScope(): UserScope {
    return {
      ...(this.regionCode ? { regionCode: this.regionCode } : {}),
      ...(this.gridIds ? { gridIds: [...this.gridIds] } : {})
    }
  }
}
