import type { HouseholdDetail, HouseholdFilter, HouseholdSummary, MemberView, VisitView } from './api'
import {
  compareHouseholdPositions,
  householdSearchOf,
  householdSortKey,
  matchesFilters,
  matchesSearch,
  type FilterContext,
  type FilterFacts
} from './householdQuery'
import { compareMembers, summarizeHousehold } from './householdSummary'
import { formatAddress } from './household'
import { reasonsNotCounted, type NotCountedReason } from './member'
import type { LocalGrid, LocalHousehold } from './localGrid'
import { renameCertifications, type CertificationView } from './certification'
import { currentQuarterInstants, yearInChina } from './period'
import { compareVisits, latestVisitAt, visitedIn, type TimeWindow } from './visitTimes'

export { EMPTY_GRID, type LocalContext, type LocalGrid } from './localGrid'
export { applyMutationLocally, applyMutationsLocally, householdsTouchedBy } from './mutations'

/**
 * The phone's copy of a grid and how it is read. Changes reach it from the server
 * (`applyPulledPage`: the server's state of each record) and from the outbox (core/mutations: what the
 * server will hold once it applies a waiting change). It is read the way GET /households and
 * GET /households/:id answer, with the core's own definitions of the list fields, the search, the
 * filters and the orders (householdSummary, householdQuery, visitTimes), so the phone and the server
 * cannot disagree about what a record means.
 */

/** A household as GET /sync/pull sends it: the list fields plus address, note and version. */
export type PulledHousehold = Omit<HouseholdDetail, 'members' | 'visits' | 'certifications'>

/** One entry of `GET /sync/pull` (API.md). */
export type PulledChange =
  | { entity: 'household'; id: string; op: 'upsert'; data: PulledHousehold }
  | { entity: 'member'; id: string; op: 'upsert'; data: MemberView }
  | { entity: 'visit'; id: string; op: 'upsert'; data: VisitView }
  | { entity: 'household' | 'member' | 'visit'; id: string; op: 'delete' }
  | { entity: 'certification'; id: string; op: 'upsert'; data: CertificationView }
  | { entity: 'certification'; id: string; op: 'delete' }

export interface PullPage {
  changes: PulledChange[]
  cursor: string
  hasMore: boolean
}

/**
 * A page of the server's changes, applied in order: each brings a record's state now. A delete (the
 * record deleted, or moved out of this grid) makes the copy refuse later edits of it, as the server
 * does; an upsert brings it back. Of a household only its own fields are kept: its list fields are
 * computed from the records when read. The page is applied to one copy of the grid, so a page of
 * thousands of records costs thousands of steps, not thousands of copies.
 */
export function applyPulledPage(grid: LocalGrid, changes: ReadonlyArray<PulledChange>): LocalGrid {
  if (changes.length === 0) return grid
  const next = {
    households: { ...grid.households },
    members: { ...grid.members },
    visits: { ...grid.visits },
    deleted: { ...grid.deleted },
    certifications: { ...grid.certifications }
  }
  const renamed = new Map<string, string>()
  for (const change of changes) {
    // A certification is never edited on the phone, so it needs no "gone" mark: it is simply dropped.
    if (change.entity === 'certification') {
      if (change.op === 'delete') delete next.certifications[change.id]
      else next.certifications[change.id] = change.data
      continue
    }
    if (change.op === 'delete') {
      if (change.entity === 'household') delete next.households[change.id]
      else if (change.entity === 'member') delete next.members[change.id]
      else delete next.visits[change.id]
      next.deleted[change.id] = true
      continue
    }
    delete next.deleted[change.id]
    if (change.entity === 'household') {
      const { id, gridId, villageCode, address, note, version } = change.data
      next.households[id] = { id, gridId, villageCode, address, note, version }
    } else if (change.entity === 'member') {
      next.members[change.id] = change.data
      renamed.set(change.id, change.data.name)
    } else next.visits[change.id] = change.data
  }
  return { ...next, certifications: renameCertifications(next.certifications, renamed) ?? {} }
}

export interface LocalHouseholdQuery {
  /** Member names, address or a whole phone number (householdSearchOf). */
  q?: string
  /** The households passing every one of these filters (matchesFilters). */
  filters?: ReadonlyArray<HouseholdFilter>
}

/** A household with its records, grouped once for a whole list. */
interface HouseholdRecords {
  household: LocalHousehold
  members: MemberView[]
  visits: VisitView[]
}

/** A grid's households as `GET /households` lists them: searched, filtered, in the list's order. */
export function listLocalHouseholds(grid: LocalGrid, query: LocalHouseholdQuery, now: Date): HouseholdSummary[] {
  const search = householdSearchOf(query.q)
  const context: FilterContext = { year: yearInChina(now), window: currentQuarterInstants(now) }
  return recordsByHousehold(grid)
    .map((records) => ({ records, ...readHousehold(records, context.year) }))
    .filter(({ records, summary }) => !search || matchesSearch(search, summary.addressText, records.members))
    .filter(({ facts }) => matchesFilters(query.filters ?? [], facts, context))
    .map(({ records, summary }) => ({ summary, position: positionOf(records.household) }))
    .sort((a, b) => compareHouseholdPositions(a.position, b.position))
    .map(({ summary }) => summary)
}

/** A household as `GET /households/:id` answers it, from the local grid; null when the grid lacks it. */
export function localHouseholdDetail(grid: LocalGrid, householdId: string, now: Date): HouseholdDetail | null {
  const household = grid.households[householdId]
  if (!household) return null
  const records: HouseholdRecords = {
    household,
    members: Object.values(grid.members).filter((member) => member.householdId === householdId),
    visits: Object.values(grid.visits).filter((visit) => visit.householdId === householdId)
  }
  return {
    ...readHousehold(records, yearInChina(now)).summary,
    address: household.address,
    note: household.note,
    version: household.version,
    members: [...records.members].sort(compareMembers),
    visits: [...records.visits].sort(compareVisits),
    certifications: Object.values(grid.certifications ?? {})
      // As the server answers: a deleted member's certifications are no longer shown.
      .filter((certification) => certification.householdId === householdId && grid.members[certification.memberId] !== undefined)
      .sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  }
}

/** The households of the grid visited in the window (visitedIn): for the cards and the list's order. */
export function visitedHouseholds(grid: LocalGrid, window: TimeWindow): Set<string> {
  return new Set(recordsByHousehold(grid).filter((records) => visitedIn(records.visits, window)).map((records) => records.household.id))
}

/** A member behind the grid's coverage figures, with the address of their household. */
export interface CoverageEntry {
  member: MemberView
  addressText: string
}

/**
 * Who is behind 已注册 / 应注册 on the home screen: the members app coverage counts, registered or not
 * yet, and those it does not count with their reasons (reasonsNotCounted, the rules of isEligible), in
 * the list's household order and the household page's member order.
 */
export interface CoverageBreakdown {
  registered: CoverageEntry[]
  unregistered: CoverageEntry[]
  notCounted: Array<CoverageEntry & { reasons: NotCountedReason[] }>
}

export function coverageBreakdown(grid: LocalGrid, now: Date): CoverageBreakdown {
  const year = yearInChina(now)
  const breakdown: CoverageBreakdown = { registered: [], unregistered: [], notCounted: [] }
  const households = recordsByHousehold(grid).sort((a, b) =>
    compareHouseholdPositions(positionOf(a.household), positionOf(b.household))
  )
  for (const { household, members } of households) {
    const addressText = formatAddress(household.address)
    for (const member of [...members].sort(compareMembers)) {
      const reasons = reasonsNotCounted(member, year)
      if (reasons.length > 0) breakdown.notCounted.push({ member, addressText, reasons })
      else if (member.app?.status === 'registered') breakdown.registered.push({ member, addressText })
      else breakdown.unregistered.push({ member, addressText })
    }
  }
  return breakdown
}

function positionOf(household: LocalHousehold) {
  return { sortKey: householdSortKey(household.address), id: household.id }
}

function recordsByHousehold(grid: LocalGrid): HouseholdRecords[] {
  const byId = new Map<string, HouseholdRecords>()
  for (const household of Object.values(grid.households)) byId.set(household.id, { household, members: [], visits: [] })
  for (const member of Object.values(grid.members)) byId.get(member.householdId)?.members.push(member)
  for (const visit of Object.values(grid.visits)) byId.get(visit.householdId)?.visits.push(visit)
  return [...byId.values()]
}

/** A household's list fields, and what its filters look at. */
function readHousehold({ household, members, visits }: HouseholdRecords, year: number): { summary: HouseholdSummary; facts: FilterFacts } {
  const withStatus = members.map((member) => ({ ...member, appStatus: member.app?.status ?? null }))
  return { summary: summarizeHousehold(household, withStatus, latestVisitAt(visits), year), facts: { members: withStatus, visits } }
}


/** A certification waiting for the worker, with what the worker knows of the member from the copy. */
export interface PendingCertification {
  certification: CertificationView
  /** The member's full name as the worker's own list shows it; the masked one when the copy lacks the member. */
  memberName: string
  addressText: string
  /** The member's status now, to compare with the declaration. */
  currentApp: MemberView['app']
}

/** The grid's pending certifications, oldest first (the review queue, offline too). */
export function pendingCertifications(grid: LocalGrid): PendingCertification[] {
  return Object.values(grid.certifications ?? {})
    // A household or member deleted meanwhile takes no more changes (the server refuses the review),
    // so their certifications leave the queue with them.
    .filter(
      (certification) =>
        certification.state === 'pending' && grid.households[certification.householdId] !== undefined && grid.members[certification.memberId] !== undefined
    )
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
    .map((certification) => {
      const member = grid.members[certification.memberId]
      const household = grid.households[certification.householdId]
      return {
        certification,
        memberName: member?.name ?? certification.memberNameMasked,
        addressText: household ? formatAddress(household.address) : '',
        currentApp: member?.app ?? null
      }
    })
}
