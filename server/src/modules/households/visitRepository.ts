import type { Kysely } from 'kysely'
import type { Database, VisitRow } from '../../db/schema'

export interface VisitWithWorker extends VisitRow {
  worker_name: string
}

export class VisitRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** These visits, each with the name of who made it. */
  findByIdsWithWorker(ids: ReadonlyArray<string>): Promise<VisitWithWorker[]> {
    if (ids.length === 0) return Promise.resolve([])
    return this.db
      .selectFrom('visits')
      .innerJoin('users', 'users.id', 'visits.worker_id')
      .selectAll('visits')
      .select('users.name as worker_name')
      .where('visits.id', 'in', ids)
      .execute()
  }

  /** A household's visits, newest first, each with the name of who made it. */
  listByHousehold(householdId: string): Promise<VisitWithWorker[]> {
    return this.db
      .selectFrom('visits')
      .innerJoin('users', 'users.id', 'visits.worker_id')
      .selectAll('visits')
      .select('users.name as worker_name')
      .where('visits.household_id', '=', householdId)
      .orderBy('visits.at', 'desc')
      .orderBy('visits.id')
      .execute()
  }

  /** The time of the latest visit of each of these households that has one. */
  async lastVisitAt(householdIds: ReadonlyArray<string>): Promise<Map<string, string>> {
    if (householdIds.length === 0) return new Map()
    const rows = await this.db
      .selectFrom('visits')
      .select(['household_id'])
      .select((eb) => eb.fn.max('at').as('last_at'))
      .where('household_id', 'in', householdIds)
      .groupBy('household_id')
      .execute()
    return new Map(rows.map((row) => [row.household_id, row.last_at]))
  }
}
