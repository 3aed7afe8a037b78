import type { MemberView, VisitView } from './api'
import type { CertificationView } from './certification'
import type { LocalGrid, LocalHousehold } from './localGrid'

/**
 * The phone's copy of a grid as it is stored (DESIGN.md §4): column by column rather than record by
 * record, so that a grid of 5,000 households fits the app's storage with room to spare (wx: 10 MB in
 * UTF-8; Chromium's localStorage: 10 MiB in UTF-16). As records, the same grid is 8 million characters,
 * most of them field names, quotes and the same values again and again (a grid's village code on every
 * household, `"app":null` on most members).
 *
 * Each field of a kind of record is one column, and each column takes the cheapest of these forms:
 * - `{ d, i }`: the column's distinct values once (`d`), and for each record the position of its value
 *   there, written as fixed-width base-64 digits in one string (`i`; omitted when all are the same).
 *   This is what enums, flags, nulls, repeated codes and names, and birth years become: 1 or 2
 *   characters a record.
 * - `{ v }`: the values in order, for columns whose values are mostly distinct (names, doors).
 * - `{ u }`: ids that are all canonical UUIDs, 22 base-64 characters each, concatenated.
 * - `{ h }`: household ids of members and visits, as positions among the grid's households (base-64
 *   digits), when every one of them is a household of the copy.
 * Instants (visits' `at`, app statuses' `updatedAt`) are kept as milliseconds when that reads back as
 * the same text. Every form decodes to exactly the records encoded (test/core/compactGrid.test.ts).
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

export type CompactColumn = { d: Json[]; i?: string } | { v: Json[] } | { u: string } | { h: string }

export interface CompactTable {
  /** How many records. */
  n: number
  columns: Record<string, CompactColumn>
}

export interface CompactGrid {
  households: CompactTable
  members: CompactTable
  visits: CompactTable
  /** Ids of records gone (LocalGrid.deleted). */
  deleted?: CompactTable
  /** Few (a grid's pending and decided certifications): kept as they are. */
  certifications?: CertificationView[]
}

/** How a column's values are written: as they are, as ids, as household ids, or as instants. */
type ColumnKind = 'plain' | 'id' | 'household' | 'instant'

interface Column<R> {
  kind: ColumnKind
  get(record: R): Json
}

/** A kind of record: its columns, and how a record is made again from its row of values. */
interface Table<R> {
  columns: Record<string, Column<R>>
  build(row: Record<string, Json>): R
}

const plain = <R>(get: (record: R) => Json): Column<R> => ({ kind: 'plain', get })
const id = <R>(get: (record: R) => string): Column<R> => ({ kind: 'id', get })
const household = <R>(get: (record: R) => string): Column<R> => ({ kind: 'household', get })
const instant = <R>(get: (record: R) => string | null): Column<R> => ({ kind: 'instant', get })

/** An optional field: absent is written as null, and null read back leaves the field out. */
function optional<T>(key: string, value: Json): Record<string, T> {
  return value === null ? {} : { [key]: value as T }
}

const ADDRESS_PARTS = ['group', 'building', 'unit', 'door', 'text'] as const

const HOUSEHOLDS: Table<LocalHousehold> = {
  columns: {
    id: id((h) => h.id),
    gridId: plain((h) => h.gridId),
    villageCode: plain((h) => h.villageCode),
    ...Object.fromEntries(ADDRESS_PARTS.map((part) => [part, plain<LocalHousehold>((h) => h.address[part] ?? null)])),
    note: plain((h) => h.note),
    version: plain((h) => h.version)
  },
  build: (row) => ({
    id: row.id as string,
    gridId: row.gridId as string,
    villageCode: row.villageCode as string,
    address: Object.assign({}, ...ADDRESS_PARTS.map((part) => optional<string>(part, row[part]))) as LocalHousehold['address'],
    note: row.note as string | null,
    version: row.version as number
  })
}

const MEMBERS: Table<MemberView> = {
  columns: {
    id: id((m) => m.id),
    householdId: household((m) => m.householdId),
    name: plain((m) => m.name),
    gender: plain((m) => m.gender),
    birthYear: plain((m) => m.birthYear),
    phoneMasked: plain((m) => m.phoneMasked),
    idNumberMasked: plain((m) => m.idNumberMasked),
    relation: plain((m) => m.relation),
    smartphone: plain((m) => m.smartphone),
    away: plain((m) => m.away?.place ?? null),
    tags: plain((m) => m.tags),
    isHead: plain((m) => m.isHead),
    // A member's app status is null or a whole status: `appStatus` null stands for the former.
    appStatus: plain((m) => m.app?.status ?? null),
    appAlertsOn: plain((m) => m.app?.alertsOn ?? null),
    appRegion: plain((m) => m.app?.region ?? null),
    appEvidence: plain((m) => m.app?.evidence ?? null),
    appReason: plain((m) => m.app?.reason ?? null),
    appUpdatedAt: instant((m) => m.app?.updatedAt ?? null)
  },
  build: (row) => ({
    id: row.id as string,
    householdId: row.householdId as string,
    name: row.name as string,
    gender: row.gender as MemberView['gender'],
    birthYear: row.birthYear as number | null,
    phoneMasked: row.phoneMasked as string | null,
    idNumberMasked: row.idNumberMasked as string | null,
    relation: row.relation as string | null,
    smartphone: row.smartphone as MemberView['smartphone'],
    away: row.away === null ? null : { place: row.away as string },
    tags: row.tags as MemberView['tags'],
    isHead: row.isHead as boolean,
    app:
      row.appStatus === null
        ? null
        : {
            status: row.appStatus as NonNullable<MemberView['app']>['status'],
            alertsOn: row.appAlertsOn as boolean,
            region: row.appRegion as string | null,
            evidence: row.appEvidence as NonNullable<MemberView['app']>['evidence'],
            reason: row.appReason as string | null,
            updatedAt: row.appUpdatedAt as string
          }
  })
}

const GONE: Table<{ id: string }> = {
  columns: { id: id((gone) => gone.id) },
  build: (row) => ({ id: row.id as string })
}

const VISITS: Table<VisitView> = {
  columns: {
    id: id((v) => v.id),
    householdId: household((v) => v.householdId),
    workerId: plain((v) => v.workerId),
    workerName: plain((v) => v.workerName),
    kind: plain((v) => v.kind),
    at: instant((v) => v.at),
    actions: plain((v) => v.actions),
    note: plain((v) => v.note)
  },
  build: (row) => ({
    id: row.id as string,
    householdId: row.householdId as string,
    workerId: row.workerId as string,
    workerName: row.workerName as string,
    kind: row.kind as VisitView['kind'],
    at: row.at as string,
    actions: row.actions as VisitView['actions'],
    note: row.note as string | null
  })
}

export function encodeGrid(grid: LocalGrid): CompactGrid {
  const households = Object.values(grid.households)
  const householdPositions = new Map(households.map((record, index) => [record.id, index]))
  const compact: CompactGrid = {
    households: encodeTable(HOUSEHOLDS, households, householdPositions),
    members: encodeTable(MEMBERS, Object.values(grid.members), householdPositions),
    visits: encodeTable(VISITS, Object.values(grid.visits), householdPositions)
  }
  if (grid.deleted) compact.deleted = encodeTable(GONE, Object.keys(grid.deleted).map((gone) => ({ id: gone })), householdPositions)
  if (grid.certifications) compact.certifications = Object.values(grid.certifications)
  return compact
}

export function decodeGrid(compact: CompactGrid): LocalGrid {
  const households = decodeTable(HOUSEHOLDS, compact.households, [])
  const householdIds = households.map((record) => record.id)
  const grid: LocalGrid = {
    households: byId(households),
    members: byId(decodeTable(MEMBERS, compact.members, householdIds)),
    visits: byId(decodeTable(VISITS, compact.visits, householdIds))
  }
  if (compact.deleted) grid.deleted = Object.fromEntries(decodeTable(GONE, compact.deleted, []).map((gone) => [gone.id, true as const]))
  if (compact.certifications) grid.certifications = byId(compact.certifications)
  return grid
}

/** Keyed by id as own properties, as JSON.parse makes them (whatever the id, `__proto__` included). */
function byId<R extends { id: string }>(records: R[]): Record<string, R> {
  return Object.fromEntries(records.map((record) => [record.id, record]))
}

function encodeTable<R>(table: Table<R>, records: R[], households: ReadonlyMap<string, number>): CompactTable {
  const columns: Record<string, CompactColumn> = {}
  for (const [name, column] of Object.entries(table.columns)) {
    columns[name] = encodeColumn(column.kind, records.map((record) => column.get(record)), households)
  }
  return { n: records.length, columns }
}

function decodeTable<R>(table: Table<R>, compact: CompactTable, householdIds: ReadonlyArray<string>): R[] {
  const values = Object.entries(table.columns).map(([name, column]) => [name, decodeColumn(compact.columns[name], column.kind, compact.n, householdIds)] as const)
  const records: R[] = []
  // One row object, refilled for each record: `build` copies what it takes.
  const row: Record<string, Json> = {}
  for (let index = 0; index < compact.n; index++) {
    for (const [name, column] of values) row[name] = column[index]
    records.push(table.build(row))
  }
  return records
}

function encodeColumn(kind: ColumnKind, values: Json[], households: ReadonlyMap<string, number>): CompactColumn {
  if (kind === 'id') {
    const packed = values.map(packUuid)
    if (packed.every((uuid) => uuid !== null)) return { u: packed.join('') }
  }
  if (kind === 'household' && values.every((value) => households.has(value as string))) {
    const width = digitsFor(households.size)
    return { h: values.map((value) => toDigits(households.get(value as string)!, width)).join('') }
  }
  return cheaper(kind === 'instant' ? values.map(instantToMs) : values)
}

function decodeColumn(column: CompactColumn, kind: ColumnKind, count: number, householdIds: ReadonlyArray<string>): Json[] {
  if ('u' in column) return unpackUuids(column.u)
  if ('h' in column) return positions(column.h, digitsFor(householdIds.length)).map((position) => householdIds[position])
  const values = 'v' in column ? column.v : dictionaryValues(column, count)
  return kind === 'instant' ? values.map(msToInstant) : values
}

/**
 * The dictionary form or the values as they are, whichever is shorter. Values are told apart as JSON
 * would (1 and '1' differ; equal arrays are one value); lengths are JSON's, counted once per distinct value.
 */
function cheaper(values: Json[]): CompactColumn {
  const known = new Map<Json, number>()
  const distinct: Json[] = []
  const uses: number[] = []
  const rows = values.map((value) => {
    const key = value !== null && typeof value === 'object' ? `\u0000${JSON.stringify(value)}` : value
    let position = known.get(key)
    if (position === undefined) {
      position = distinct.length
      known.set(key, position)
      distinct.push(value)
      uses.push(0)
    }
    uses[position]++
    return position
  })
  const width = digitsFor(distinct.length)
  const lengths = distinct.map((value) => JSON.stringify(value).length + 1)
  const denseLength = lengths.reduce((sum, length, position) => sum + length * uses[position], 0)
  const dictionaryLength = lengths.reduce((sum, length) => sum + length, 0) + (distinct.length > 1 ? values.length * width : 0)
  if (denseLength < dictionaryLength) return { v: values }
  return distinct.length <= 1 ? { d: distinct } : { d: distinct, i: rows.map((row) => toDigits(row, width)).join('') }
}

function dictionaryValues(column: { d: Json[]; i?: string }, count: number): Json[] {
  if (column.i === undefined) return Array.from({ length: count }, () => column.d[0])
  return positions(column.i, digitsFor(column.d.length)).map((position) => column.d[position])
}

/** URL-safe base 64: no character JSON must escape, so H5's wrapping of each value adds nothing here. */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'
const DIGIT_VALUES = new Uint8Array(128)
for (let value = 0; value < 64; value++) DIGIT_VALUES[DIGITS.charCodeAt(value)] = value

/** Base-64 digits needed to write any position below `count` (at least one). */
function digitsFor(count: number): number {
  let width = 1
  while (64 ** width < count) width++
  return width
}

/** Every two-digit number, written: most positions are one or two digits. */
const PAIRS = Array.from({ length: 64 * 64 }, (_, value) => DIGITS[value >> 6] + DIGITS[value & 63])

function toDigits(value: number, width: number): string {
  if (width === 1) return DIGITS[value]
  if (width === 2) return PAIRS[value]
  let text = ''
  for (let n = 0; n < width; n++) {
    text = DIGITS[value % 64] + text
    value = Math.floor(value / 64)
  }
  return text
}

/** The numbers written in `text`, `width` digits each. */
function positions(text: string, width: number): number[] {
  const out = new Array<number>(text.length / width)
  for (let start = 0, n = 0; start < text.length; start += width, n++) {
    let value = 0
    for (let i = start; i < start + width; i++) value = value * 64 + DIGIT_VALUES[text.charCodeAt(i)]
    out[n] = value
  }
  return out
}

/** Hex text of every 12-bit value, padded to 3 digits: unpacking a grid's ids is table look-ups. */
const HEX3 = Array.from({ length: 4096 }, (_, value) => value.toString(16).padStart(3, '0'))

/**
 * A canonical UUID (lowercase, dashed) in 22 base-64 digits: ten groups of three hex digits and one of
 * two, two digits each; null for anything else.
 */
function packUuid(value: Json): string | null {
  if (typeof value !== 'string' || value.length !== 36) return null
  let packed = ''
  let group = 0
  let digits = 0
  for (let i = 0; i < 36; i++) {
    const code = value.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return null // '-'
      continue
    }
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1
    if (digit < 0) return null
    group = group * 16 + digit
    if (++digits === 3) {
      packed += PAIRS[group]
      group = 0
      digits = 0
    }
  }
  return packed + PAIRS[group]
}

function unpackUuids(packed: string): string[] {
  const groups = positions(packed, 2)
  const out = new Array<string>(groups.length / 11)
  for (let n = 0, g = 0; n < out.length; n++, g += 11) {
    const hex =
      HEX3[groups[g]] + HEX3[groups[g + 1]] + HEX3[groups[g + 2]] + HEX3[groups[g + 3]] + HEX3[groups[g + 4]] +
      HEX3[groups[g + 5]] + HEX3[groups[g + 6]] + HEX3[groups[g + 7]] + HEX3[groups[g + 8]] + HEX3[groups[g + 9]] +
      HEX3[groups[g + 10]].slice(1)
    out[n] = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  return out
}

/** toISOString's form, with month, day, hour, minute and second in range (not the day in its month). */
const ISO_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/

/** An instant as milliseconds when that reads back as the same text; otherwise the text itself. */
function instantToMs(value: Json): Json {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return value
  const ms = Date.parse(value)
  // A day past the month's end (02-30) parses as a day of the next month: not the same text.
  return new Date(ms).getUTCDate() === Number(value.slice(8, 10)) ? ms : value
}

function msToInstant(value: Json): Json {
  return typeof value === 'number' ? new Date(value).toISOString() : value
}
