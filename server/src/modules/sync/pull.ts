import type { Kysely } from 'kysely'
import type { Database, HouseholdRow, MemberRow } from '../../db/schema'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { yearInChina } from '../../../../src/core/period'
import { notFound } from '../../errors'
import { ChangeLogRepository, type LoggedChange } from './changeLogRepository'
import { HouseholdRepository, addressOf } from '../households/householdRepository'
import { GridRepository } from '../regions/gridRepository'
import { MemberRepository } from '../households/memberRepository'
import { VisitRepository, type VisitWithWorker } from '../households/visitRepository'
import type { PullResponse, PulledChange } from './schemas'
import { memberViewOf, summaryOf, visitView } from '../households/service'
import type { Scope } from '../../access/scope'
import { CertificationRepository, certificationViewOf } from '../certifications/certificationRepository'

export interface PullQuery {
  grid: string
  since: string
  limit: number
}

export interface PullDeps {
  db: Kysely<Database>
  cipher: FieldCipher
  now: () => Date
}

/** The records a page of the change log names, loaded in a few set-based queries. */
interface PageRecords {
  households: Map<string, HouseholdRow>
  members: Map<string, MemberRow>
  visits: Map<string, VisitWithWorker>
  certifications: Map<string, Awaited<ReturnType<CertificationRepository['findByIdsWithName']>>[number]>
}

/**
 * One page of a grid's change log after the device's cursor. Several changes of one record in the page
 * become one entry carrying the record's state now (in the order each record first changed, so a
 * household comes before its new members); a record that is deleted, or no longer in this grid, is a
 * delete. The cursor is the server's change-log position, never a client clock.
 */
export async function pullChanges(deps: PullDeps, scope: Scope, query: PullQuery): Promise<PullResponse> {
  const grid = await new GridRepository(deps.db).findVisible(query.grid, scope)
  if (!grid) throw notFound('网格')

  const since = Number(query.since)
  // One row more than the page tells whether more changes wait.
  const rows = await new ChangeLogRepository(deps.db).pageOfGrid(grid.id, since, query.limit + 1)
  const page = rows.slice(0, query.limit)
  const touched = firstChangeOfEachRecord(page)
  const records = await loadRecords(deps, touched)
  const views = await householdViews(deps, records, touched, grid.id)

  const changes: PulledChange[] = []
  for (const change of touched) {
    const pulled = pulledChange(deps.cipher, change, records, views, grid.id)
    if (pulled) changes.push(pulled)
  }
  return { changes, cursor: String(page.length > 0 ? page[page.length - 1].seq : since), hasMore: rows.length > query.limit }
}

function firstChangeOfEachRecord(page: ReadonlyArray<LoggedChange>): LoggedChange[] {
  const first = new Map<string, LoggedChange>()
  for (const change of page) {
    const key = `${change.entity}:${change.entityId}`
    if (!first.has(key)) first.set(key, change)
  }
  return [...first.values()]
}

async function loadRecords(deps: PullDeps, touched: ReadonlyArray<LoggedChange>): Promise<PageRecords> {
  const idsOf = (entity: string) => touched.filter((change) => change.entity === entity).map((change) => change.entityId)
  const members = await new MemberRepository(deps.db).findByIds(idsOf('member'))
  const visits = await new VisitRepository(deps.db).findByIdsWithWorker(idsOf('visit'))
  const certifications = await new CertificationRepository(deps.db).findByIdsWithName(idsOf('certification'))
  const householdIds = new Set([
    ...idsOf('household'),
    ...members.map((m) => m.household_id),
    ...visits.map((v) => v.household_id),
    ...certifications.map((c) => c.household_id)
  ])
  const households = await new HouseholdRepository(deps.db).findByIds([...householdIds])
  return {
    households: new Map(households.map((row) => [row.id, row])),
    members: new Map(members.map((row) => [row.id, row])),
    visits: new Map(visits.map((row) => [row.id, row])),
    certifications: new Map(certifications.map((row) => [row.id, row]))
  }
}

/** The summary fields of the page's live households need their members and last visit: two queries. */
async function householdViews(deps: PullDeps, records: PageRecords, touched: ReadonlyArray<LoggedChange>, gridId: string) {
  const live = touched
    .filter((change) => change.entity === 'household')
    .map((change) => records.households.get(change.entityId))
    .filter((row): row is HouseholdRow => livesIn(row, gridId))
  const ids = live.map((row) => row.id)
  const members = await new MemberRepository(deps.db).listByHouseholds(ids)
  const lastVisits = await new VisitRepository(deps.db).lastVisitAt(ids)
  const year = yearInChina(deps.now())
  const membersOf = new Map<string, MemberRow[]>(ids.map((householdId) => [householdId, []]))
  for (const member of members) membersOf.get(member.household_id)!.push(member)
  return new Map(
    live.map((row) => {
      const summary = summaryOf(row, membersOf.get(row.id)!, lastVisits.get(row.id) ?? null, year)
      return [row.id, { ...summary, address: addressOf(row), note: row.note, version: row.version }]
    })
  )
}

function livesIn(household: HouseholdRow | undefined, gridId: string): household is HouseholdRow {
  return household !== undefined && household.deleted_at === null && household.grid_id === gridId
}

function pulledChange(
  cipher: FieldCipher,
  change: LoggedChange,
  records: PageRecords,
  views: Awaited<ReturnType<typeof householdViews>>,
  gridId: string
): PulledChange | null {
  const id = change.entityId
  switch (change.entity) {
    case 'household': {
      const view = views.get(id)
      return view ? { entity: 'household', id, op: 'upsert', data: view } : { entity: 'household', id, op: 'delete' }
    }
    case 'member': {
      const member = records.members.get(id)
      const live = member && member.deleted_at === null && livesIn(records.households.get(member.household_id), gridId)
      return live ? { entity: 'member', id, op: 'upsert', data: memberViewOf(member, cipher) } : { entity: 'member', id, op: 'delete' }
    }
    case 'visit': {
      const visit = records.visits.get(id)
      const live = visit && livesIn(records.households.get(visit.household_id), gridId)
      return live ? { entity: 'visit', id, op: 'upsert', data: visitView(visit) } : { entity: 'visit', id, op: 'delete' }
    }
    case 'certification': {
      const certification = records.certifications.get(id)
      const live = certification && livesIn(records.households.get(certification.household_id), gridId)
      return live
        ? { entity: 'certification', id, op: 'upsert', data: certificationViewOf(certification) }
        : { entity: 'certification', id, op: 'delete' }
    }
    default:
      return null
  }
}
