import type { z } from 'zod'
import { memberAppSchema, type MemberApp } from '../../../../src/core/appStatus'
import { addressSchema, formatAddress, householdUpsertSchema, type Address, type HouseholdUpsert } from '../../../../src/core/household'
import { memberUpsertSchema, type MemberUpsert, type PriorityTag } from '../../../../src/core/member'
import { normalizePhone } from '../../../../src/core/phone'
import { mutationTimeErrors } from '../../../../src/core/timeRules'
import { toFieldErrors } from '../../../../src/core/validation'
import {
  ADDRESS_COLUMNS,
  APP_STATUS_CHOICES,
  DERIVED_TAG_LABEL,
  DROPDOWN_CHOICES,
  GENDER_CHOICES,
  HEAD_RELATION,
  ROSTER_COLUMN_ORDER,
  SMARTPHONE_CHOICES,
  TAG_CHOICES,
  YES_NO_CHOICES,
  headerOf,
  type RosterColumn
} from './rosterColumns'
import type { RawRosterRow } from './readRoster'
import type { CellError } from '../../../../src/core/imports'


/** What a valid row becomes: the core payloads, parsed, without the ids the mutations get later. */
export interface RosterRecord {
  address: Address
  note: string | undefined
  member: Omit<MemberUpsert, 'id' | 'householdId'>
  app: Omit<MemberApp, 'memberId'> | null
}

/** A roster row read and checked; `record` is null when the row has errors. */
export interface RosterRow {
  row: number
  /** Equal for rows of one household: the normalized address parts. */
  addressKey: string
  /** How the household's address reads (三组 12号 村委会东侧): names the household in the report. */
  householdLabel: string
  /** Normalized name, for duplicate checks. */
  nameKey: string
  /** Normalized phone, when one was given. */
  phone: string | null
  record: RosterRecord | null
  errors: CellError[]
}

/** Placeholder ids: the row is validated with the very schemas its mutations will be checked with. */
const CHECK_ID = '00000000-0000-4000-8000-000000000000'

/** Field paths of the core schemas → the roster column that fills them. */
const COLUMN_OF_FIELD: Record<string, RosterColumn> = {
  'address.group': 'group',
  'address.building': 'building',
  'address.unit': 'unit',
  'address.door': 'door',
  'address.text': 'text',
  address: 'text',
  note: 'note',
  name: 'name',
  gender: 'gender',
  birthYear: 'birthYear',
  phone: 'phone',
  relation: 'relation',
  smartphone: 'smartphone',
  away: 'awayPlace',
  'away.place': 'awayPlace',
  tags: 'tags',
  isHead: 'relation',
  status: 'appStatus',
  alertsOn: 'alertsOn',
  reason: 'reason'
}

/** A spreadsheet field path's column header; `tags.0` → 重点人群. */
export function columnOfField(field: string): string {
  const path = field.replace(/^payload\./, '').split('.')
  for (let length = path.length; length > 0; length--) {
    const column = COLUMN_OF_FIELD[path.slice(0, length).join('.')]
    if (column) return headerOf(column)
  }
  return headerOf('name')
}

/** Reads one row: each cell into its payload field, then the core schemas and time rules (at `now`) name what is wrong. */
export function readRosterRow(raw: RawRosterRow, now: Date): RosterRow {
  const cells = raw.cells
  const errors: CellError[] = []
  const choice = <T>(column: RosterColumn, choices: Map<string, T>): T | undefined => {
    const text = cells[column]
    if (text === undefined) return undefined
    const value = choices.get(text.replace(/\s+/g, ''))
    if (value === undefined) errors.push({ column: headerOf(column), message: `${headerOf(column)}应为${DROPDOWN_CHOICES[column]!.join('、')}之一` })
    return value
  }

  const address: Address = {}
  for (const part of ADDRESS_COLUMNS) if (cells[part] !== undefined) address[part] = cells[part]
  const relation = cells.relation?.replace(/\s+/g, '')
  const member = {
    name: cells.name ?? '',
    smartphone: choice('smartphone', SMARTPHONE_CHOICES) ?? 'unknown',
    ...optional('gender', choice('gender', GENDER_CHOICES)),
    ...optional('birthYear', cells.birthYear === undefined ? undefined : birthYearOf(cells.birthYear)),
    ...optional('phone', cells.phone),
    ...optional('relation', relation),
    ...optional('away', cells.awayPlace === undefined ? undefined : { place: cells.awayPlace }),
    ...optional('tags', cells.tags === undefined ? undefined : tagsOf(cells.tags, errors)),
    ...(relation === HEAD_RELATION ? { isHead: true } : {})
  }
  const status = choice('appStatus', APP_STATUS_CHOICES)
  const alertsOn = choice('alertsOn', YES_NO_CHOICES)
  // 来电预警 and 拒绝原因 describe an app status: without one they would be silently dropped.
  if (cells.appStatus === undefined) {
    for (const column of ['alertsOn', 'reason'] as const) {
      if (cells[column] !== undefined) errors.push({ column: headerOf(column), message: `填写${headerOf(column)}时需同时填写${headerOf('appStatus')}` })
    }
  }
  const app =
    status === undefined
      ? null
      : {
          status,
          evidence: 'self_declared' as const,
          ...optional('alertsOn', alertsOn),
          ...optional('reason', cells.reason)
        }

  const checkedMember = memberUpsertSchema.safeParse({ id: CHECK_ID, householdId: CHECK_ID, ...member })
  const checkedApp = app ? memberAppSchema.safeParse({ memberId: CHECK_ID, ...app }) : null
  const checkedHousehold = householdUpsertSchema.safeParse({ id: CHECK_ID, gridId: CHECK_ID, address, ...optional('note', cells.note) })
  errors.push(...schemaErrors(checkedMember), ...(checkedApp ? schemaErrors(checkedApp) : []), ...schemaErrors(checkedHousehold))
  errors.push(...mutationTimeErrors('member.upsert', member, now).map((error) => ({ column: columnOfField(error.field), message: error.message })))

  const parsedAddress = addressSchema.safeParse(address)
  const row = {
    row: raw.row,
    addressKey: addressKeyOf(address),
    householdLabel: formatAddress(parsedAddress.success ? parsedAddress.data : address),
    nameKey: nameKeyOf(member.name),
    phone: cells.phone === undefined ? null : normalizePhone(cells.phone) || null,
    errors: inColumnOrder(uniqueErrors(errors))
  }
  if (row.errors.length > 0 || !checkedMember.success || !checkedHousehold.success || checkedApp?.success === false) {
    return { ...row, record: null }
  }
  return { ...row, record: recordOf(checkedHousehold.data, checkedMember.data, checkedApp?.data ?? null) }
}

/** The parsed payloads without the placeholder ids: the real ones are made when mutations are built. */
function recordOf(household: HouseholdUpsert, member: MemberUpsert, app: MemberApp | null): RosterRecord {
  const { id: _memberId, householdId: _householdId, ...memberFields } = member
  const appFields = app && (({ memberId: _appMemberId, ...fields }) => fields)(app)
  return { address: household.address, note: household.note || undefined, member: memberFields, app: appFields }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/** 1956, “1956年” and a date typed into the cell all mean 1956; anything else goes to the schema as text. */
function birthYearOf(text: string): number | string {
  const match = /^(\d{4})(年|-\d{2}-\d{2})?$/.exec(text.replace(/\s+/g, ''))
  return match ? Number(match[1]) : text
}

function tagsOf(text: string, errors: CellError[]): PriorityTag[] {
  const tags: PriorityTag[] = []
  for (const label of text.split(/[、,，;；\s/]+/).filter(Boolean)) {
    if (label === DERIVED_TAG_LABEL) continue
    const tag = TAG_CHOICES.get(label)
    if (tag) tags.push(tag)
    else errors.push({ column: headerOf('tags'), message: `${headerOf('tags')}“${label}”无法识别，可填：${[...TAG_CHOICES.keys()].join('、')}` })
  }
  return [...new Set(tags)]
}

function schemaErrors(result: z.ZodSafeParseResult<unknown>): CellError[] {
  if (result.success) return []
  return toFieldErrors(result.error.issues).map((error) => ({ column: columnOfField(error.field), message: error.message }))
}

const COLUMN_RANK = new Map(ROSTER_COLUMN_ORDER.map((column, index) => [headerOf(column), index]))

/** Errors in the order of the template's columns, whichever check found them first. */
function inColumnOrder(errors: CellError[]): CellError[] {
  return [...errors].sort((a, b) => (COLUMN_RANK.get(a.column) ?? 0) - (COLUMN_RANK.get(b.column) ?? 0))
}

function uniqueErrors(errors: CellError[]): CellError[] {
  const seen = new Set<string>()
  return errors.filter((error) => {
    const key = `${error.column}\u0000${error.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Address parts compared as people write them: no spaces, full-width and half-width alike, and a
 * number with or without its unit (5 and 5栋, 301 and 301号) the same.
 */
export function addressKeyOf(address: Address): string {
  const part = (value: string | undefined, suffix: RegExp) =>
    (value ?? '')
      .normalize('NFKC')
      .replace(/\s+/g, '')
      .toLowerCase()
      .replace(suffix, '$1')
  return JSON.stringify([
    part(address.group, /^(.*)$/),
    part(address.building, /^(\d+)(栋|号楼|幢|楼)$/),
    part(address.unit, /^(\d+)单元$/),
    part(address.door, /^(\d+)(号|室)$/),
    part(address.text, /^(.*)$/)
  ])
}

export function nameKeyOf(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '')
}
