import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Scope } from '../../access/scope'
import type { ScoringHousehold, ScoringMember } from '../../../../src/core/scoring'
import type { TimeWindow } from '../../../../src/core/visitTimes'
import { memberFactsOf } from '../households/memberRepository'

export interface VillageRoster {
  households: ScoringHousehold[]
  members: ScoringMember[]
}

/**
 * One village's live households and members as the core's score and gap list read them: ids (for the
 * candidates), whether the household was visited in the window, and the facts of eligibility, priority
 * and coverage — no names, phones or addresses. One statement, in the caller's scope, households in
 * address order so the candidates come in the order a worker walks.
 */
export class VillageRosterRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async rosterOf(villageCode: string, window: TimeWindow, scope: Scope): Promise<VillageRoster> {
    const rows = await this.db
      .selectFrom('households as h')
      .leftJoin('members as m', (join) => join.onRef('m.household_id', '=', 'h.id').on('m.deleted_at', 'is', null))
      .select([
        'h.id as household_id',
        // The core's visitedIn: a visit at an instant in [from, to) (times are stored as UTC ISO text).
        sql<number | boolean>`exists (select 1 from visits v where v.household_id = h.id and v.at >= ${window.from} and v.at < ${window.to})`.as('visited'),
        'm.id as member_id',
        'm.birth_year',
        'm.smartphone',
        'm.away_place',
        'm.tags',
        'm.app_status'
      ])
      .where('h.village_code', '=', villageCode)
      .where('h.deleted_at', 'is', null)
      .where((eb) => scope.gridCondition(eb, 'h.grid_id', 'h.village_code'))
      .orderBy('h.address_sort')
      .orderBy('h.id')
      .orderBy('m.id')
      .execute()

    const households = new Map<string, ScoringHousehold>()
    const members: ScoringMember[] = []
    for (const row of rows) {
      if (!households.has(row.household_id)) households.set(row.household_id, { id: row.household_id, visitedInPeriod: Boolean(Number(row.visited)) })
      if (row.member_id === null) continue
      const facts = memberFactsOf({
        birth_year: row.birth_year,
        smartphone: row.smartphone!,
        away_place: row.away_place,
        tags: row.tags!,
        app_status: row.app_status
      })
      members.push({ ...facts, id: row.member_id, householdId: row.household_id })
    }
    return { households: [...households.values()], members }
  }
}
