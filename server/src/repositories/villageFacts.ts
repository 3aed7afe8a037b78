import type { Kysely } from 'kysely'
import type { Database, RegionRow } from '../db/schema'
import { withinRegion } from './regionRange'

export interface FactsHousehold {
  id: string
  village_code: string
}

export interface FactsMember {
  id: string
  household_id: string
  village_code: string
  birth_year: number | null
  smartphone: string
  away_place: string | null
  tags: string
  app_status: string | null
}

/**
 * What the score of every village under a region is computed from, in one query per kind of fact
 * (never one per village or household), so a county's dashboard costs the same few queries as a village's.
 */
export class VillageFactsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  villagesUnder(regionCode: string): Promise<RegionRow[]> {
    return this.db
      .selectFrom('regions')
      .selectAll()
      .where('level', '=', 'village')
      .where((eb) => withinRegion(eb, 'code', regionCode))
      .orderBy('code')
      .execute()
  }

  householdsUnder(regionCode: string): Promise<FactsHousehold[]> {
    return this.db
      .selectFrom('households')
      .select(['id', 'village_code'])
      .where((eb) => withinRegion(eb, 'village_code', regionCode))
      .where('deleted_at', 'is', null)
      .execute()
  }

  /** Live members of live households under the region. */
  membersUnder(regionCode: string): Promise<FactsMember[]> {
    return this.db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select(['m.id', 'm.household_id', 'h.village_code', 'm.birth_year', 'm.smartphone', 'm.away_place', 'm.tags', 'm.app_status'])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('h.deleted_at', 'is', null)
      .where('m.deleted_at', 'is', null)
      .execute()
  }

  /** Households under the region with at least one visit in [from, to). */
  async visitedHouseholdsUnder(regionCode: string, window: { from: string; to: string }): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('visits as v')
      .innerJoin('households as h', 'h.id', 'v.household_id')
      .select('v.household_id')
      .distinct()
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('v.at', '>=', window.from)
      .where('v.at', '<', window.to)
      .execute()
    return new Set(rows.map((row) => row.household_id))
  }
}
