import { sql, type Expression, type ExpressionBuilder, type Kysely } from 'kysely'
import type { Database, GridRow, HouseholdRow, HouseholdUpdate, NewHousehold } from '../db/schema'
import { formatAddress, type Address } from '../../../src/core/household'
import type { HouseholdFilter } from '../../../src/core/api'
import { householdSortKey } from '../../../src/core/householdQuery'
import type { TimeWindow } from '../../../src/core/visitTimes'
import { ELDERLY_AGE, ELIGIBLE_AGE } from '../../../src/core/member'
import type { Scope } from '../services/scope'
import { withinRegion } from './regionRange'

type HouseholdScopeFilter = ReturnType<Scope['householdFilter']>
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
  scope: HouseholdScopeFilter
  gridId?: string
  villageCode?: string
  /** The core's householdSearchOf: the text, and the keyed hash of a typed number's masked form. */
  search?: { text: string; phoneMaskHash: string | null }
  filter?: HouseholdFilter
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
  return Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined)) as Address
}

export function locationOf(row: HouseholdRow): HouseholdLocation {
  return { gridId: row.grid_id, villageCode: row.village_code }
}

/** The scope's verdict on a household, from where it lives (its grid and village). */
export function covers(scope: Scope, location: HouseholdLocation): boolean {
  return scope.coversGrid({ id: location.gridId, villageCode: location.villageCode })
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

export class HouseholdRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<HouseholdRow | undefined> {
    return this.db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** These households, deleted ones included (a pull reports those as deletes). */
  findByIds(ids: ReadonlyArray<string>): Promise<HouseholdRow[]> {
    if (ids.length === 0) return Promise.resolve([])
    return this.db.selectFrom('households').selectAll().where('id', 'in', ids).execute()
  }

  findLiveById(id: string): Promise<HouseholdRow | undefined> {
    return this.db.selectFrom('households').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
  }

  /** A grid, for placing a household in it (the grids repository lists grids by village only). */
  findGrid(id: string): Promise<GridRow | undefined> {
    return this.db.selectFrom('grids').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async insert(row: NewHousehold): Promise<void> {
    await this.db.insertInto('households').values(row).execute()
  }

  async update(id: string, changes: HouseholdUpdate): Promise<void> {
    await this.db.updateTable('households').set(changes).where('id', '=', id).execute()
  }

  /**
   * One page of live households in scope, filtered in SQL, in the core's compareHouseholdPositions
   * order: `address_sort` (collate "C" on PostgreSQL, BINARY on SQLite) then `id` (also "C" on
   * PostgreSQL, migration 006) compare by byte, which is code point order.
   */
  async listPage(query: HouseholdListQuery): Promise<HouseholdRow[]> {
    const scope = query.scope
    if ('none' in scope || ('gridIds' in scope && scope.gridIds.length === 0)) return []
    const { gridId, villageCode, search, filter, after } = query
    return this.db
      .selectFrom('households as h')
      .selectAll('h')
      .where('h.deleted_at', 'is', null)
      .where((eb) => inScope(eb, scope))
      .$if(gridId !== undefined, (qb) => qb.where('h.grid_id', '=', gridId!))
      .$if(villageCode !== undefined, (qb) => qb.where('h.village_code', '=', villageCode!))
      .$if(search !== undefined, (qb) => qb.where((eb) => matchesSearch(eb, search!)))
      .$if(filter !== undefined, (qb) => qb.where((eb) => matchesFilter(eb, filter!, query)))
      .$if(after !== undefined, (qb) => qb.where((eb) => isAfter(eb, after!)))
      .orderBy('h.address_sort')
      .orderBy('h.id')
      .limit(query.limit)
      .execute()
  }
}

function inScope(eb: HouseholdsEb, scope: Exclude<HouseholdScopeFilter, { none: true }>) {
  return 'gridIds' in scope ? eb('h.grid_id', 'in', scope.gridIds) : withinRegion(eb, 'h.village_code', scope.regionPrefix)
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
