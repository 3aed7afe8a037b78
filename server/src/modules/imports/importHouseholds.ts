import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { MutationResult, MutationType, PushRequest } from '../../../../src/core/mutations'
import type { CellError, DuplicateOf, ImportReport, ImportRowReport } from '../../../../src/core/imports'
import type { Address } from '../../../../src/core/household'
import { notFound } from '../../errors'
import type { Database } from '../../db/schema'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { GridRepository } from '../regions/gridRepository'
import type { SyncService } from '../sync/service'
import type { Actor } from '../sync/appliers/context'
import type { KeyedQueue } from './keyedQueue'
import { readRoster } from './readRoster'
import { headerOf } from './rosterColumns'
import { columnOfField, readRosterRow, type RosterRecord, type RosterRow } from './rosterRow'
import { VillageRoster, type RegisteredHousehold } from './villageRoster'

export interface ImportDeps {
  db: Kysely<Database>
  cipher: FieldCipher
  now: () => Date
  /** Accepted rows are written through the one write path, as the signed-in user. */
  sync: SyncService
  villageQueue: KeyedQueue
}

export interface ImportRequest {
  gridId: string
  dryRun: boolean
  file: Buffer
  actor: Actor
}

/** A household of the file: new, or one already registered in the target grid that gets members added. */
interface PlannedHousehold {
  id: string
  existing: RegisteredHousehold | null
  address: Address
  notes: string[]
  headRow: number | null
  rows: Array<{ report: ImportRowReport; record: RosterRecord }>
}

/**
 * Imports a roster spreadsheet into one grid. Every row is checked with the core schemas and against
 * the file's earlier rows and the village's registered members; a dry run stops at the report, a real
 * run writes the accepted rows through the sync push as the signed-in user, so scope, validation,
 * encryption, idempotency and the change log apply exactly as for the app's own pushes.
 */
export class ImportService {
  constructor(private readonly deps: ImportDeps) {}

  importHouseholds(request: ImportRequest): Promise<ImportReport> {
    return importHouseholds(this.deps, request)
  }
}

async function importHouseholds(deps: ImportDeps, request: ImportRequest): Promise<ImportReport> {
  const grid = await new GridRepository(deps.db).findVisible(request.gridId, request.actor.scope)
  if (!grid) throw notFound('网格')
  const roster = await readRoster(request.file)
  const checkAndWrite = async (): Promise<ImportReport> => {
    const now = deps.now()
    const plan = planRows(roster.rows.map((row) => readRosterRow(row, now)), {
      gridId: grid.id,
      villageCode: grid.village_code,
      registered: await VillageRoster.load(deps.db, grid.village_code, request.actor.scope),
      phoneHash: (phone) => deps.cipher.hash(phone)
    })
    const mutations = request.dryRun ? undefined : await write(deps, request, plan.households)
    return {
      dryRun: request.dryRun,
      sheet: roster.sheet,
      ignoredColumns: roster.ignoredColumns,
      households: countHouseholds(plan.households),
      members: countRows(plan.rows),
      rows: plan.rows,
      ...(mutations ? { mutations } : {})
    }
  }
  // A real import checks and writes with no other import of the village in between.
  return request.dryRun ? checkAndWrite() : deps.villageQueue.run(grid.village_code, checkAndWrite)
}

interface PlanContext {
  gridId: string
  villageCode: string
  registered: VillageRoster
  phoneHash: (phone: string) => string
}

/**
 * Decides every row in file order. A row with errors is reported and skipped; a valid row that repeats
 * an earlier accepted row (same address and name, or same phone) or a registered member is a duplicate
 * and skipped too; the rest are accepted into their household.
 */
function planRows(rows: RosterRow[], ctx: PlanContext): { rows: ImportRowReport[]; households: PlannedHousehold[] } {
  const reports: ImportRowReport[] = []
  const households = new Map<string, PlannedHousehold>()
  const acceptedByName = new Map<string, number>()
  const acceptedByPhone = new Map<string, number>()

  for (const row of rows) {
    const report: ImportRowReport = { row: row.row, status: 'error', householdKey: row.householdLabel }
    reports.push(report)
    if (!row.record) {
      report.errors = row.errors
      continue
    }
    const nameKey = `${row.addressKey}\u0000${row.nameKey}`
    const duplicateOf = findDuplicate(row, nameKey, acceptedByName, acceptedByPhone, ctx)
    if (duplicateOf) {
      Object.assign(report, { status: 'duplicate', duplicateOf })
      continue
    }
    const household = households.get(row.addressKey) ?? newHousehold(row, ctx)
    if ('error' in household) {
      report.errors = [household.error]
      continue
    }
    const headError = row.record.member.isHead ? headConflict(household) : null
    if (headError) {
      report.errors = [{ column: headerOf('relation'), message: headError }]
      continue
    }
    households.set(row.addressKey, household)
    if (row.record.member.isHead) household.headRow = row.row
    if (row.record.note && !household.notes.includes(row.record.note)) household.notes.push(row.record.note)
    household.rows.push({ report, record: row.record })
    report.status = 'accepted'
    if (household.existing) report.householdId = household.id
    acceptedByName.set(nameKey, row.row)
    if (row.phone) acceptedByPhone.set(row.phone, row.row)
  }
  return { rows: reports, households: [...households.values()] }
}

function findDuplicate(
  row: RosterRow,
  nameKey: string,
  acceptedByName: Map<string, number>,
  acceptedByPhone: Map<string, number>,
  ctx: PlanContext
): DuplicateOf | null {
  const sameName = acceptedByName.get(nameKey)
  if (sameName !== undefined) return { reason: 'file_address_name', row: sameName }
  const samePhone = row.phone ? acceptedByPhone.get(row.phone) : undefined
  if (samePhone !== undefined) return { reason: 'file_phone', row: samePhone }
  const registeredByName = ctx.registered.memberAt(row.addressKey, row.nameKey)
  if (registeredByName) return { reason: 'existing_address_name', householdId: registeredByName.householdId, memberId: registeredByName.id }
  const registeredByPhone = row.phone ? ctx.registered.memberWithPhone(ctx.phoneHash(row.phone)) : undefined
  if (registeredByPhone) return { reason: 'existing_phone', householdId: registeredByPhone.householdId, memberId: registeredByPhone.id }
  return null
}

/**
 * The household a first row of an address starts: the oldest registered one at that address in the
 * target grid (members are added to it), else a new one. An address registered only in another grid
 * of the village is refused: the household belongs there, and importing it here would split it.
 */
function newHousehold(row: RosterRow, ctx: PlanContext): PlannedHousehold | { error: CellError } {
  const atAddress = ctx.registered.householdsAt(row.addressKey)
  const existing = atAddress.find((household) => household.gridId === ctx.gridId) ?? null
  if (!existing && atAddress.length > 0) {
    return { error: { column: headerOf('text'), message: '该地址的住户已登记在本村其他网格，请在该网格中添加成员' } }
  }
  return {
    id: existing?.id ?? crypto.randomUUID(),
    existing,
    address: row.record!.address,
    notes: [],
    headRow: null,
    rows: []
  }
}

function headConflict(household: PlannedHousehold): string | null {
  if (household.headRow !== null) return `同一户只能有一位户主（第${household.headRow}行已填户主）`
  if (household.existing?.headId) return '该户已登记户主，不能再导入户主'
  return null
}

/** The accepted rows as mutations, pushed as the requesting user from a client id of its own. */
async function write(deps: ImportDeps, request: ImportRequest, households: PlannedHousehold[]): Promise<ImportReport['mutations']> {
  const at = deps.now().toISOString()
  const envelopes: PushRequest['mutations'] = []
  const rowsOfMutation = new Map<string, ImportRowReport[]>()
  const add = (type: MutationType, payload: unknown, reports: ImportRowReport[]) => {
    const id = crypto.randomUUID()
    envelopes.push({ id, type, payload, at })
    rowsOfMutation.set(id, reports)
  }
  for (const household of households) {
    const reports = household.rows.map((row) => row.report)
    for (const report of reports) report.householdId = household.id
    if (!household.existing) {
      const note = household.notes.join('；')
      add('household.upsert', { id: household.id, gridId: request.gridId, address: household.address, ...(note ? { note } : {}) }, reports)
    }
    for (const { report, record } of household.rows) {
      report.memberId = crypto.randomUUID()
      add('member.upsert', { ...record.member, id: report.memberId, householdId: household.id }, [report])
      if (record.app) add('member.app', { ...record.app, memberId: report.memberId }, [report])
    }
  }
  if (envelopes.length === 0) return { applied: 0, duplicate: 0, rejected: 0, results: [] }

  const response = await deps.sync.push(request.actor, { clientId: crypto.randomUUID(), mutations: envelopes })
  for (const result of response.results) {
    if (result.status !== 'rejected' || !result.error) continue
    for (const report of rowsOfMutation.get(result.id) ?? []) markRejected(report, result.error)
  }
  const count = (status: MutationResult['status']) => response.results.filter((result) => result.status === status).length
  return { applied: count('applied'), duplicate: count('duplicate'), rejected: count('rejected'), results: response.results }
}

/** A row whose write was rejected after all (a concurrent change, say) is reported as an error. */
function markRejected(report: ImportRowReport, error: NonNullable<MutationResult['error']>): void {
  const errors = error.details?.length
    ? error.details.map((detail) => ({ column: columnOfField(detail.field), message: detail.message }))
    : [{ column: headerOf('name'), message: error.message }]
  report.status = 'error'
  report.errors = [...(report.errors ?? []), ...errors]
  delete report.memberId
}

function countHouseholds(households: PlannedHousehold[]): ImportReport['households'] {
  const written = households.filter((household) => household.rows.some((row) => row.report.status === 'accepted'))
  return { new: written.filter((h) => !h.existing).length, existing: written.filter((h) => h.existing).length }
}

function countRows(rows: ImportRowReport[]): ImportReport['members'] {
  return {
    accepted: rows.filter((row) => row.status === 'accepted').length,
    rejected: rows.filter((row) => row.status === 'error').length,
    duplicates: rows.filter((row) => row.status === 'duplicate').length
  }
}
