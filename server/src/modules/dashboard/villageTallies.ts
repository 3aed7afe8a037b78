import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../db/schema'
import type { DialectName } from '../../db/database'
import { ELDERLY_AGE, ELIGIBLE_AGE, isEligible, isPriorityMember } from '../../../../src/core/member'
import type { MemberCoverageFacts } from '../../../../src/core/coverage'
import { currentQuarter, periodInstants, quarterPeriod } from '../../../../src/core/period'
import { countyCodeOf } from '../../../../src/core/regions'
import type { VillageTallies } from '../../../../src/core/scoring'
import { withinRegion } from '../../db/regionRange'

/**
 * The dashboards' counts kept by the write path (migration 018). A push reads the households its
 * mutations touch, with their members and visits, before it applies them and holds them in memory while
 * it does (sync/pushState.ts): the difference of what they count before and after (contributionOf) goes
 * into the tally rows in the same transaction (moveTallies), so tallies and roster commit or roll back together.
 *
 * A household counts, in its village: on the roster row ('' quarter) once, with its live members'
 * eligible, registered and priority counts in the base year; on the row of every quarter it has a visit
 * in, once, with its covered priority members in the base year. The birth-year rows hold the same
 * members' counts that do not depend on age (smartphone at home, registered, untagged, reached), so that
 * the counts of any year are the base year's plus (or minus) the birth years that crossed 16 or 60 in
 * between (tallyRead): nothing is rewritten when the year changes, and a dashboard in the base year reads
 * one roster row and one quarter row per village.
 *
 * Custom periods (date ranges) and past instants (asOf) are not kept: they are counted from the roster
 * (VillageFactsRepository.scanUnder).
 */

/** The year the village_tallies rows take ages in. Changing it needs `npm run tallies:rebuild`. */
export const TALLY_BASE_YEAR = 2026

/** The key of the roster rows: not a quarter. */
const ROSTER = ''

interface Counts {
  households: number
  eligible: number
  registered: number
  priority: number
  covered: number
}

interface BirthYearCounts {
  phone_ready: number
  phone_ready_registered: number
  untagged: number
  untagged_reached: number
}

const NO_COUNTS: Counts = { households: 0, eligible: 0, registered: 0, priority: 0, covered: 0 }
const NO_BIRTH_YEAR_COUNTS: BirthYearCounts = { phone_ready: 0, phone_ready_registered: 0, untagged: 0, untagged_reached: 0 }

/** What some households count, by row key ("village|quarter" and "village|quarter|birthYear"). */
export class Contribution {
  readonly rows = new Map<string, { village: string; quarter: string; counts: Counts }>()
  readonly birthYearRows = new Map<string, { village: string; quarter: string; birthYear: number; counts: BirthYearCounts }>()

  add(village: string, quarter: string, counts: Partial<Counts>, sign = 1): void {
    const key = `${village}|${quarter}`
    const row = this.rows.get(key) ?? { village, quarter, counts: { ...NO_COUNTS } }
    for (const [column, value] of Object.entries(counts) as Array<[keyof Counts, number]>) row.counts[column] += sign * value
    this.rows.set(key, row)
  }

  addBirthYear(village: string, quarter: string, birthYear: number, counts: Partial<BirthYearCounts>, sign = 1): void {
    const key = `${village}|${quarter}|${birthYear}`
    const row = this.birthYearRows.get(key) ?? { village, quarter, birthYear, counts: { ...NO_BIRTH_YEAR_COUNTS } }
    for (const [column, value] of Object.entries(counts) as Array<[keyof BirthYearCounts, number]>) row.counts[column] += sign * value
    this.birthYearRows.set(key, row)
  }

  /** This minus `before`: what the tally rows must change by. */
  minus(before: Contribution): Contribution {
    const delta = new Contribution()
    for (const { village, quarter, counts } of this.rows.values()) delta.add(village, quarter, counts)
    for (const { village, quarter, counts } of before.rows.values()) delta.add(village, quarter, counts, -1)
    for (const { village, quarter, birthYear, counts } of this.birthYearRows.values()) delta.addBirthYear(village, quarter, birthYear, counts)
    for (const { village, quarter, birthYear, counts } of before.birthYearRows.values()) delta.addBirthYear(village, quarter, birthYear, counts, -1)
    return delta
  }
}

const bit = (condition: boolean) => (condition ? 1 : 0)

/**
 * What one household counts, by the core's own predicates (isEligible, isPriorityMember, and the
 * dashboard's "covered": registered or no smartphone, in a household visited in the quarter).
 */
function addHousehold(into: Contribution, village: string, members: ReadonlyArray<MemberCoverageFacts>, quarters: ReadonlySet<string>): void {
  into.add(village, ROSTER, { households: 1 })
  for (const member of members) {
    const registered = member.appStatus === 'registered'
    const eligible = isEligible(member, TALLY_BASE_YEAR)
    into.add(village, ROSTER, { eligible: bit(eligible), registered: bit(eligible && registered), priority: bit(isPriorityMember(member, TALLY_BASE_YEAR)) })
    if (member.birthYear == null) continue
    const phoneReady = member.smartphone === 'yes' && !member.away
    const untagged = (member.tags ?? []).length === 0
    into.addBirthYear(village, ROSTER, member.birthYear, { phone_ready: bit(phoneReady), phone_ready_registered: bit(phoneReady && registered), untagged: bit(untagged) })
  }
  for (const quarter of quarters) {
    into.add(village, quarter, { households: 1 })
    for (const member of members) {
      const reached = member.appStatus === 'registered' || member.smartphone === 'no'
      into.add(village, quarter, { covered: bit(reached && isPriorityMember(member, TALLY_BASE_YEAR)) })
      if (member.birthYear == null) continue
      into.addBirthYear(village, quarter, member.birthYear, { untagged_reached: bit(reached && (member.tags ?? []).length === 0) })
    }
  }
}

/** The quarter (China time) a visit at this ISO instant counts in, e.g. "2026Q4". */
export function quarterOfInstant(at: string): string {
  return currentQuarter(new Date(at)).label
}

/** A live household as the tallies count it: its village, its live members' facts, the instants of its visits. */
export interface TalliedHousehold {
  village: string
  members: ReadonlyArray<MemberCoverageFacts>
  visitAts: ReadonlyArray<string>
}

/** What these live households count, by tally row. */
export function contributionOf(households: Iterable<TalliedHousehold>): Contribution {
  const contribution = new Contribution()
  for (const { village, members, visitAts } of households) addHousehold(contribution, village, members, new Set(visitAts.map(quarterOfInstant)))
  return contribution
}

/** Adds the delta to the tally rows, creating the rows it is the first to count in. */
async function applyDelta(db: Kysely<Database>, delta: Contribution): Promise<void> {
  const rows = [...delta.rows.values()].filter(({ counts }) => Object.values(counts).some((n) => n !== 0))
  if (rows.length > 0) {
    await db
      .insertInto('village_tallies')
      .values(rows.map(({ village, quarter, counts }) => ({ village_code: village, county_code: countyCodeOf(village), quarter, ...counts })))
      .onConflict((oc) => oc.columns(['village_code', 'quarter', 'county_code']).doUpdateSet(increments('village_tallies', Object.keys(NO_COUNTS))))
      .execute()
  }
  const birthYearRows = [...delta.birthYearRows.values()].filter(({ counts }) => Object.values(counts).some((n) => n !== 0))
  if (birthYearRows.length > 0) {
    await db
      .insertInto('village_birth_year_tallies')
      .values(birthYearRows.map(({ village, quarter, birthYear, counts }) => ({ village_code: village, county_code: countyCodeOf(village), quarter, birth_year: birthYear, ...counts })))
      .onConflict((oc) =>
        oc.columns(['quarter', 'birth_year', 'village_code', 'county_code']).doUpdateSet(increments('village_birth_year_tallies', Object.keys(NO_BIRTH_YEAR_COUNTS)))
      )
      .execute()
  }
}

/** `column = table.column + excluded.column` for each column: an upsert that adds. */
function increments(table: string, columns: ReadonlyArray<string>): Record<string, RawBuilder<number>> {
  return Object.fromEntries(columns.map((column) => [column, sql<number>`${sql.ref(`${table}.${column}`)} + ${sql.ref(`excluded.${column}`)}`]))
}

/**
 * Moves the tally rows by what a write changed: `before` and `after` are what the households it touched
 * counted before and after it (contributionOf), read on the write's own transaction. One upsert per tally
 * table, whatever the number of households.
 */
export async function moveTallies(db: Kysely<Database>, before: Contribution, after: Contribution): Promise<void> {
  await applyDelta(db, after.minus(before))
}

/** [from, to) bounds and sign of the birth years whose age class differs between the base year and `year`. */
function crossing(year: number, age: number): { above: number; upTo: number; sign: number } {
  const base = TALLY_BASE_YEAR - age
  const now = year - age
  return now >= base ? { above: base, upTo: now, sign: 1 } : { above: now, upTo: base, sign: -1 }
}

/**
 * The tallies of the villages under the region with live households, for a calendar quarter (its label)
 * with ages in `year`: one statement over the roster and quarter rows of the region's villages plus the
 * birth-year rows of the years that crossed 16 or 60 since the base year (none in the base year).
 */
export async function readVillageTallies(db: Kysely<Database>, regionCode: string, quarter: string, year: number): Promise<Map<string, VillageTallies>> {
  const adult = crossing(year, ELIGIBLE_AGE)
  const elderly = crossing(year, ELDERLY_AGE)
  const within = (range: { above: number; upTo: number }) => sql`(y.birth_year > ${range.above} and y.birth_year <= ${range.upTo})`
  const signed = (range: { above: number; upTo: number; sign: number }, column: string, ofQuarter: string) =>
    sql<number>`case when y.quarter = ${ofQuarter} and ${within(range)} then ${sql.ref(`y.${column}`)} * ${sql.lit(range.sign)} else 0 end`
  const kept = db
    .selectFrom('village_tallies as t')
    .select([
      't.village_code',
      sql<number>`case when t.quarter = ${ROSTER} then t.households else 0 end`.as('households'),
      sql<number>`case when t.quarter = ${quarter} then t.households else 0 end`.as('visited'),
      't.eligible',
      't.registered',
      't.priority',
      't.covered'
    ])
    .where('t.quarter', 'in', [ROSTER, quarter])
    .where((eb) => withinRegion(eb, 't.village_code', regionCode))
  const crossed = db
    .selectFrom('village_birth_year_tallies as y')
    .select([
      'y.village_code',
      sql<number>`0`.as('households'),
      sql<number>`0`.as('visited'),
      signed(adult, 'phone_ready', ROSTER).as('eligible'),
      signed(adult, 'phone_ready_registered', ROSTER).as('registered'),
      signed(elderly, 'untagged', ROSTER).as('priority'),
      signed(elderly, 'untagged_reached', quarter).as('covered')
    ])
    .where('y.quarter', 'in', [ROSTER, quarter])
    .where(sql<boolean>`(${within(adult)} or ${within(elderly)})`)
    .where((eb) => withinRegion(eb, 'y.village_code', regionCode))
  const total = (column: string) => sql<string | number>`sum(${sql.ref(`c.${column}`)})`
  const rows = await db
    .selectFrom(kept.unionAll(crossed).as('c'))
    .select([
      'c.village_code',
      total('households').as('households'),
      total('visited').as('visited'),
      total('eligible').as('eligible'),
      total('registered').as('registered'),
      total('priority').as('priority'),
      total('covered').as('covered')
    ])
    .groupBy('c.village_code')
    .having(sql`sum(c.households)`, '>', 0)
    .execute()
  return new Map(rows.map((row) => [row.village_code, talliesOfRow(row)]))
}

/** A grouped count row (SQL sums arrive as numbers or strings, null over no rows) as the core's VillageTallies. */
export function talliesOfRow(row: Record<'households' | 'visited' | 'eligible' | 'registered' | 'priority' | 'covered', string | number | null>): VillageTallies {
  return {
    households: Number(row.households ?? 0),
    visitedHouseholds: Number(row.visited ?? 0),
    eligible: Number(row.eligible ?? 0),
    registered: Number(row.registered ?? 0),
    priority: Number(row.priority ?? 0),
    coveredPriority: Number(row.covered ?? 0)
  }
}

/** The quarter label of a window that is exactly one calendar quarter (China time), else null. */
export function quarterOfWindow(window: { from: string; to: string }): string | null {
  const quarter = currentQuarter(new Date(window.from))
  const instants = periodInstants(quarter)
  return instants.from === window.from && instants.to === window.to ? quarter.label : null
}

/**
 * Recounts every tally from the roster in a few grouped statements (the roster rows, then each quarter
 * that has visits), replacing what was kept: migration 018 and `npm run tallies:rebuild`. The conditions
 * restate the core's predicates as VillageFactsRepository.scanUnder does; the tally property test holds
 * both to the maintained rows. Everything is aggregated in the database: the process holds no roster row.
 */
export async function rebuildVillageTallies(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  // A migration may already run in a transaction (PostgreSQL's), which cannot open another.
  if (db.isTransaction) return recount(db, dialect)
  await db.transaction().execute((trx) => recount(trx, dialect))
}

async function recount(trx: Kysely<Database>, dialect: DialectName): Promise<void> {
  // A rebuild follows a bulk load or a pg_restore, after which PostgreSQL has no statistics until
  // autovacuum comes by: it then takes the roster for a few rows and joins the visited households to a
  // full scan of members each (a city's rebuild ran for hours). ANALYZE is allowed in a transaction.
  if (dialect === 'postgres') await sql`analyze households, members, visits`.execute(trx)
  await trx.deleteFrom('village_tallies').execute()
  await trx.deleteFrom('village_birth_year_tallies').execute()
  const adultBorn = TALLY_BASE_YEAR - ELIGIBLE_AGE
  const elderlyBorn = TALLY_BASE_YEAR - ELDERLY_AGE
  const phoneReady = sql`(m.smartphone = 'yes' and coalesce(m.away_place, '') = '')`
  const registered = sql`m.app_status = 'registered'`
  const untagged = sql`m.tags = '[]'`
  const reached = sql`(${registered} or m.smartphone = 'no')`
  const eligible = sql`(m.birth_year <= ${adultBorn} and ${phoneReady})`
  const priority = sql`(m.birth_year <= ${elderlyBorn} or m.tags <> '[]')`
  const count = (condition: RawBuilder<unknown>) => sql`sum(case when ${condition} then 1 else 0 end)`

  await sql`
    insert into village_tallies (village_code, county_code, quarter, households, eligible, registered, priority, covered)
    select h.village_code, h.county_code, ${ROSTER}, count(*), coalesce(sum(mc.eligible), 0), coalesce(sum(mc.registered), 0), coalesce(sum(mc.priority), 0), 0
      from households h
      left join (select m.household_id, ${count(eligible)} as eligible, ${count(sql`${eligible} and ${registered}`)} as registered,
                        ${count(priority)} as priority
                   from members m where m.deleted_at is null group by m.household_id) mc on mc.household_id = h.id
     where h.deleted_at is null
     group by h.village_code, h.county_code`.execute(trx)
  await sql`
    insert into village_birth_year_tallies (quarter, birth_year, village_code, county_code, phone_ready, phone_ready_registered, untagged, untagged_reached)
    select ${ROSTER}, m.birth_year, h.village_code, h.county_code, ${count(phoneReady)}, ${count(sql`${phoneReady} and ${registered}`)}, ${count(untagged)}, 0
      from members m join households h on h.id = m.household_id
     where m.deleted_at is null and h.deleted_at is null and m.birth_year is not null
     group by h.village_code, h.county_code, m.birth_year`.execute(trx)

  for (const quarter of await quartersWithVisits(trx)) {
    const { from, to } = periodInstants(quarter)
    const visited = sql`(select distinct v.household_id from visits v where v.at >= ${from} and v.at < ${to})`
    await sql`
      insert into village_tallies (village_code, county_code, quarter, households, eligible, registered, priority, covered)
      select h.village_code, h.county_code, ${quarter.label}, count(*), 0, 0, 0, coalesce(sum(mc.covered), 0)
        from households h
        join ${visited} vh on vh.household_id = h.id
        left join (select m.household_id, ${count(sql`${priority} and ${reached}`)} as covered
                     from members m where m.deleted_at is null group by m.household_id) mc on mc.household_id = h.id
       where h.deleted_at is null
       group by h.village_code, h.county_code`.execute(trx)
    await sql`
      insert into village_birth_year_tallies (quarter, birth_year, village_code, county_code, phone_ready, phone_ready_registered, untagged, untagged_reached)
      select ${quarter.label}, m.birth_year, h.village_code, h.county_code, 0, 0, 0, ${count(sql`${untagged} and ${reached}`)}
        from members m
        join households h on h.id = m.household_id
        join ${visited} vh on vh.household_id = h.id
       where m.deleted_at is null and h.deleted_at is null and m.birth_year is not null
       group by h.village_code, h.county_code, m.birth_year`.execute(trx)
  }
}

/** Every calendar quarter from the earliest visit's to the latest's. */
async function quartersWithVisits(db: Kysely<Database>) {
  const { rows } = await sql<{ first: string | null; last: string | null }>`select min(at) as first, max(at) as last from visits`.execute(db)
  const { first, last } = rows[0]
  if (!first || !last) return []
  const start = currentQuarter(new Date(first))
  const end = currentQuarter(new Date(last))
  const quarters = []
  let [year, q] = start.label.split('Q').map(Number)
  for (;;) {
    const quarter = quarterPeriod(year, q)
    quarters.push(quarter)
    if (quarter.label === end.label) return quarters
    q = q === 4 ? 1 : q + 1
    year = q === 1 ? year + 1 : year
  }
}
