import type { ExpressionBuilder, ExpressionWrapper, ReferenceExpression, SqlBool } from 'kysely'
import type { User } from '../../../src/core/api'
import { withinRegion } from '../db/regionRange'
import { countyCodeOf, regionLevel } from '../../../src/core/regions'

/**
 * What a principal may see and change, on the region tree: the one place that answers "is this theirs".
 * Repositories take a Scope and put its condition into their SQL, so a row outside it is simply not
 * found; routes and services pass it down and never decide themselves. Anything outside answers 404
 * (the caller turns "not found" into NOT_FOUND), so ids cannot be probed.
 *
 * - staff: everything at or under their region; a grid worker only their own grids (in their village);
 * - a resident, or anyone else: nothing (the resident flow will add the household of the invitation).
 */
export class Scope {
  private constructor(
    /** The region the user acts for; for a grid worker, the village of their grids. */
    private readonly regionCode: string | null,
    /** Grid workers only: the grids they work. */
    private readonly gridIds: ReadonlyArray<string> | null
  ) {}

  static of(user: User): Scope {
    return new Scope(user.scope.regionCode ?? null, user.role === 'grid_worker' ? (user.scope.gridIds ?? []) : null)
  }

  /** Sees nothing: a resident's session, or a staff account without a region. */
  static readonly none = new Scope(null, [])

  /**
   * The county the scope lies in (a county's, township's or village's region): the distribution key of
   * what it writes (db/distribution.ts). Null when it spans counties (a city, a province) or is empty.
   */
  countyCode(): string | null {
    if (this.regionCode == null || ['province', 'city'].includes(regionLevel(this.regionCode))) return null
    return countyCodeOf(this.regionCode)
  }

  /** A region-code column at or under the scope's region (a grid worker: their village). */
  regionCondition<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, code: ReferenceExpression<DB, TB>): ExpressionWrapper<DB, TB, SqlBool> {
    return this.regionCode == null ? eb.or([]) : withinRegion(eb, code, this.regionCode)
  }

  /**
   * Anything placed in a grid (a grid row, a household), by its grid id and village code columns: a
   * grid worker's own grids, everyone else every grid in their region. An empty `or` is false, so a
   * scope with no grids matches nothing.
   */
  gridCondition<DB, TB extends keyof DB>(
    eb: ExpressionBuilder<DB, TB>,
    gridId: ReferenceExpression<DB, TB>,
    villageCode: ReferenceExpression<DB, TB>
  ): ExpressionWrapper<DB, TB, SqlBool> {
    if (this.gridIds) return this.gridIds.length === 0 ? eb.or([]) : eb.and([eb(gridId, 'in', this.gridIds as never)])
    return this.regionCondition(eb, villageCode)
  }
}
