import { sql, type Expression, type ExpressionBuilder, type Kysely } from 'kysely'
import type { Database, HouseholdRow } from '../../db/schema'
import { formatAddress, type Address } from '../../../../src/core/household'
import type { HouseholdFilter } from '../../../../src/core/api'
import { householdSortKey } from '../../../../src/core/householdQuery'
import type { TimeWindow } from '../../../../src/core/visitTimes'
import { ELDERLY_AGE, ELIGIBLE_AGE } from '../../../../src/core/member'
import type { Scope } from '../../access/scope'

type HouseholdsEb = ExpressionBuilder<Database & { h: Database['households'] }, 'h'>

/** Where a household lives: what scope checks and change_log rows need. */
export interface HouseholdLocation {
  gridId: string
  villageCode: string
}

/** A position in the address order, the keyset of the household list. */
export interface AddressPosition {
  sort: string
  id: string
}

export interface HouseholdListQuery {
  scope: Scope
  gridId?: string
  villageCode?: string
  /** The core's householdSearchOf: the text, and the keyed hash of a typed number's masked form. */
  search?: { text: string; phoneMaskHash: string | null }
  /** Every one must hold (the core's matchesFilters); none: every household. */
  filters: ReadonlyArray<HouseholdFilter>
  /** Calendar year for the age rules of the `not_registered` and `priority` filters. */
  year: number
  /** The current quarter as instants (core currentQuarterInstants), for the `not_visited` filter. */
  visitWindow: TimeWindow
  after?: AddressPosition
  limit: number
}

export function addressColumns(address: Address) {
  return {
    address_group: address.group || null,
    address_building: address.building || null,
    address_unit: address.unit || null,
    address_door: address.door || null,
    address_text: address.text || null,
    address_sort: householdSortKey(address),
    address_line: formatAddress(address)
  }
}

export function addressOf(row: HouseholdRow): Address {
  const parts: Address = {
    group: row.address_group ?? undefined,
    building: row.address_building ?? undefined,
    unit: row.address_unit ?? undefined,
    door: row.address_door ?? undefined,
    text: row.address_text ?? undefined
  }
  return Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined))
}

export function locationOf(row: HouseholdRow): HouseholdLocation {
  return { gridId: row.grid_id, villageCode: row.village_code }
}

/** SQL twin of the core's isEligible (age 16+, smartphone, at home) for one member row `m`. */
function eligibleMember(eb: ExpressionBuilder<Database & { m: Database['members'] }, 'm'>, year: number) {
  return eb.and([
    eb('m.birth_year', 'is not', null),
    eb('m.birth_year', '<=', year - ELIGIBLE_AGE),
    eb('m.smartphone', '=', 'yes'),
    eb('m.away_place', 'is', null)
  ])
}

/** SQL twin of the core's isPriorityMember: 60+ by birth year, or any priority tag. */
function priorityMember(eb: ExpressionBuilder<Database & { m: Database['members'] }, 'm'>, year: number) {
  return eb.or([eb.and([eb('m.birth_year', 'is not', null), eb('m.birth_year', '<=', year - ELDERLY_AGE)]), eb('m.tags', '<>', '[]')])
}

/** Households, read through the caller's scope: a household outside it is not found. */
export class HouseholdRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A household the scope sees, deleted or not. */
  find(id: string, scope: Scope): Promise<HouseholdRow | undefined> {
    return this.db
      .selectFrom('households as h')
      .selectAll('h')
      .where('h.id', '=', id)
      .where((eb) => scope.gridCondition(eb, 'h.grid_id', 'h.village_code'))
      .executeTakeFirst()
  }

  /** A live household the scope sees: a deleted one takes no more edits (the delete wins). */
  async findLive(id: string, scope: Scope): Promise<HouseholdRow | undefined> {
    const row = await this.find(id, scope)
    return row && !row.deleted_at ? row : undefined
  }

  /** These households, deleted ones included, by ids a scope-checked change log named (sync pull). */
  findByIds(ids: ReadonlyArray<string>): Promise<HouseholdRow[]> {
    if (ids.length === 0) return Promise.resolve([])
    return this.db.selectFrom('households').selectAll().where('id', 'in', ids).execute()
  }

  /**
   * One page of live households in scope, filtered in SQL, in the core's compareHouseholdPositions
   * order: `address_sort` (collate "C" on PostgreSQL, BINARY on SQLite) then `id` (also "C" on
   * PostgreSQL, migration 006) compare by byte, which is code point order.
   */
  async listPage(query: HouseholdListQuery): Promise<HouseholdRow[]> {
    const { scope, gridId, villageCode, search, filters, after } = query
    return this.db
      .selectFrom('households as h')
      .selectAll('h')
      .where('h.deleted_at', 'is', null)
      .where((eb) => scope.gridCondition(eb, 'h.grid_id', 'h.village_code'))
      .$if(gridId !== undefined, (qb) => qb.where('h.grid_id', '=', gridId!))
      .$if(villageCode !== undefined, (qb) => qb.where('h.village_code', '=', villageCode!))
      .$if(search !== undefined, (qb) => qb.where((eb) => matchesSearch(eb, search!)))
      .$if(filters.length > 0, (qb) => qb.where((eb) => eb.and(filters.map((filter) => matchesFilter(eb, filter, query)))))
      .$if(after !== undefined, (qb) => qb.where((eb) => isAfter(eb, after!)))
      .orderBy('h.address_sort')
      .orderBy('h.id')
      .limit(query.limit)
      .execute()
  }
}

function isAfter(eb: HouseholdsEb, after: AddressPosition) {
  return eb.or([eb('h.address_sort', '>', after.sort), eb.and([eb('h.address_sort', '=', after.sort), eb('h.id', '>', after.id)])])
}

/**
 * `text` occurs in the column, exactly like JS `includes` (case-sensitive, no wildcards): replace() is
 * byte-exact and the same function on SQLite and PostgreSQL, which share neither instr nor strpos, and
 * LIKE folds ASCII case on SQLite only.
 */
function contains(column: Expression<string>, text: string) {
  return sql<boolean>`replace(${column}, ${text}, '') <> ${column}`
}

/** SQL twin of the core's matchesSearch: the address line or a live member's name contains the text, or the number masks alike. */
function matchesSearch(eb: HouseholdsEb, search: NonNullable<HouseholdListQuery['search']>) {
  const memberMatch = eb.exists(
    eb
      .selectFrom('members as m')
      .select(sql`1`.as('one'))
      .whereRef('m.household_id', '=', 'h.id')
      .where('m.deleted_at', 'is', null)
      .where((mb) => {
        const byName = contains(mb.ref('m.name'), search.text)
        return search.phoneMaskHash ? mb.or([byName, mb('m.phone_mask_hash', '=', search.phoneMaskHash)]) : byName
      })
  )
  return eb.or([contains(eb.ref('h.address_line'), search.text), memberMatch])
}

/** SQL twins of the core's HOUSEHOLD_FILTER_TESTS. */
function matchesFilter(eb: HouseholdsEb, filter: HouseholdFilter, query: HouseholdListQuery) {
  switch (filter) {
    // Some member isUnregisteredEligible.
    case 'not_registered':
      return eb.exists(
        eb
          .selectFrom('members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.household_id', '=', 'h.id')
          .where('m.deleted_at', 'is', null)
          .where((mb) => eligibleMember(mb, query.year))
          .where((mb) => mb.or([mb('m.app_status', 'is', null), mb('m.app_status', '<>', 'registered')]))
      )
    // Some member isPriorityMember.
    case 'priority':
      return eb.exists(
        eb
          .selectFrom('members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.household_id', '=', 'h.id')
          .where('m.deleted_at', 'is', null)
          .where((mb) => priorityMember(mb, query.year))
      )
    // Not visitedIn the window: no visit at an instant in [from, to) (times are stored as UTC ISO text).
    case 'not_visited':
      return eb.not(
        eb.exists(
          eb
            .selectFrom('visits as v')
            .select(sql`1`.as('one'))
            .whereRef('v.household_id', '=', 'h.id')
            .where('v.at', '>=', query.visitWindow.from)
            .where('v.at', '<', query.visitWindow.to)
        )
      )
  }
}
