import type { HouseholdFilter } from './api'
import { compareCodePoints } from './codePointOrder'
import type { MemberCoverageFacts } from './coverage'
import { formatAddress, type Address } from './household'
import { isEligible, isPriorityMember } from './member'
import { isValidPhone, maskPhone, normalizePhone } from './phone'
import { visitedIn, type TimeWindow } from './visitTimes'

/**
 * What GET /households means by `q`, `filter` and its order, defined once: the phone runs these on its
 * copy of the grid, and the server's SQL mirrors each one (server/src/modules/households/householdRepository.ts, each
 * mirror next to a comment naming the function here; test/sync-model/householdViews.test.ts holds them
 * to the same answers on SQLite and PostgreSQL).
 */

// ---------------------------------------------------------------- search

/**
 * A search as typed, trimmed. A whole mobile number (spaces, +86 and 0086 allowed) also looks for
 * members by number. The phone only ever holds a number masked (138****1234), so a number matches the
 * members whose number masks the same way: the same first three and last four digits, on the phone
 * and on the server alike (which compares a keyed hash of the masked form, never the number).
 */
export interface HouseholdSearch {
  text: string
  /** The masked form of the typed number, when the text is a whole mobile number. */
  phoneMask: string | null
}

export function householdSearchOf(q: string | undefined): HouseholdSearch | null {
  const text = (q ?? '').trim()
  if (!text) return null
  return { text, phoneMask: isValidPhone(text) ? maskPhone(normalizePhone(text)) : null }
}

/**
 * The text is part of the address as the card shows it (三组 5栋 2单元 301号), or of a member's name,
 * exactly (case and all, no wildcards); or the typed number masks like a member's number.
 */
export function matchesSearch(
  search: HouseholdSearch,
  addressText: string,
  members: ReadonlyArray<{ name: string; phoneMasked: string | null }>
): boolean {
  return (
    addressText.includes(search.text) ||
    members.some((member) => member.name.includes(search.text) || (search.phoneMask !== null && member.phoneMasked === search.phoneMask))
  )
}

// ---------------------------------------------------------------- filters

export interface FilterFacts {
  members: ReadonlyArray<MemberCoverageFacts>
  visits: ReadonlyArray<{ at: string }>
}

export interface FilterContext {
  /** Calendar year of the age rules (yearInChina). */
  year: number
  /** The period 本季 means (currentQuarterInstants). */
  window: TimeWindow
}

/** A member app coverage counts who has not registered yet. */
export function isUnregisteredEligible(member: MemberCoverageFacts, year: number): boolean {
  return isEligible(member, year) && member.appStatus !== 'registered'
}

/** Each filter of the household list; a record, so a new filter without its meaning does not compile. */
export const HOUSEHOLD_FILTER_TESTS: { readonly [F in HouseholdFilter]: (facts: FilterFacts, context: FilterContext) => boolean } = {
  not_registered: ({ members }, { year }) => members.some((member) => isUnregisteredEligible(member, year)),
  priority: ({ members }, { year }) => members.some((member) => isPriorityMember(member, year)),
  not_visited: ({ visits }, { window }) => !visitedIn(visits, window)
}

export function matchesFilter(filter: HouseholdFilter, facts: FilterFacts, context: FilterContext): boolean {
  return HOUSEHOLD_FILTER_TESTS[filter](facts, context)
}

/** Filters combine: a household passes a set of them when it passes each one (the empty set passes all). */
export function matchesFilters(filters: Iterable<HouseholdFilter>, facts: FilterFacts, context: FilterContext): boolean {
  for (const filter of filters) if (!matchesFilter(filter, facts, context)) return false
  return true
}

// ---------------------------------------------------------------- order

/**
 * Where a household sorts: its address as the card shows it, each number — digits, or Chinese numerals
 * as village groups are written (三组, 十一组) — zero-padded to eight digits, so that 2栋 comes before
 * 10栋 and 二组 before 三组 before 十一组. The server stores it (households.address_sort) for its keyset
 * paging; changing it needs a migration that recomputes the column.
 */
export function householdSortKey(address: Address): string {
  return formatAddress(address).replace(NUMBER_RUN, (run) => (/^\d+$/.test(run) ? run : chineseNumeralDigits(run)).padStart(8, '0'))
}

const NUMBER_RUN = /\d+|[零〇一二两三四五六七八九十百千]+/g
const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/**
 * The decimal digits of Chinese numerals: 三 → 3, 十一 → 11, 二十 → 20, 三百零五 → 305, and written digit
 * by digit without units, 二〇二六 → 2026 (kept as text, so no run is too long for a number).
 */
export function chineseNumeralDigits(run: string): string {
  const chars = Array.from(run)
  if (!chars.some((char) => char in CHINESE_UNITS)) return chars.map((char) => CHINESE_DIGITS[char]).join('')
  let total = 0
  let digit = 0
  for (const char of chars) {
    if (char in CHINESE_UNITS) {
      // 十一: a unit without a digit before it counts once.
      total += (digit || 1) * CHINESE_UNITS[char]
      digit = 0
    } else digit = CHINESE_DIGITS[char]
  }
  return String(total + digit)
}

export interface HouseholdPosition {
  sortKey: string
  id: string
}

/** The household list's order: by sort key, then id, both in code point order (the databases' byte order). */
export function compareHouseholdPositions(a: HouseholdPosition, b: HouseholdPosition): number {
  return compareCodePoints(a.sortKey, b.sortKey) || compareCodePoints(a.id, b.id)
}
