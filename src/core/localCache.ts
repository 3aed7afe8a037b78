import type { HouseholdDetail, HouseholdFilter, HouseholdSummary, MemberView, VisitView } from './api'
import { countCoverage } from './coverage'
import { formatAddress } from './household'
import { isPriorityMember } from './member'
import type { Mutation } from './mutations'
import { maskName } from './names'
import { maskPhone, normalizePhone } from './phone'
import { maskIdNumber, normalizeIdNumber } from './idNumber'
import { currentQuarter, periodInstants, yearInChina } from './period'

/**
 * The grid a phone keeps for working without signal, and how each change reaches it: a change pulled
 * from the server (`applyPulledChange`, the server's state of the record), or a mutation still in the
 * outbox (`applyMutationLocally`, the optimistic view: what the server will hold once it applies it,
 * by the same field rules as the server's appliers). Pure, so the app and its tests share one meaning.
 */

/** A household as the phone caches it (what sync/pull sends): the list fields plus address, note and version. */
export type CachedHousehold = Omit<HouseholdDetail, 'members' | 'visits' | 'certifications'>

export interface LocalGrid {
  households: Record<string, CachedHousehold>
  members: Record<string, MemberView>
  visits: Record<string, VisitView>
  /** Ids of households and members deleted: the server rejects edits after a delete (the delete wins). */
  deleted?: Record<string, true>
}

export const EMPTY_GRID: LocalGrid = { households: {}, members: {}, visits: {} }

/** One entry of `GET /sync/pull` (API.md). */
export type PulledChange =
  | { entity: 'household'; id: string; op: 'upsert'; data: CachedHousehold }
  | { entity: 'member'; id: string; op: 'upsert'; data: MemberView }
  | { entity: 'visit'; id: string; op: 'upsert'; data: VisitView }
  | { entity: 'household' | 'member' | 'visit' | 'certification'; id: string; op: 'delete' | 'upsert'; data?: unknown }

export interface PullPage {
  changes: PulledChange[]
  cursor: string
  hasMore: boolean
}

/** Who makes local changes and when: for the fields the server would stamp. */
export interface LocalContext {
  now: Date
  worker: { id: string; name: string }
}

export function applyPulledChange(grid: LocalGrid, change: PulledChange): LocalGrid {
  const table = change.entity === 'household' ? 'households' : change.entity === 'member' ? 'members' : change.entity === 'visit' ? 'visits' : null
  if (!table) return grid
  if (change.op === 'delete') {
    const records: Record<string, unknown> = grid[table]
    return change.id in records ? { ...grid, [table]: without(records, change.id) } : grid
  }
  if (change.data === undefined) return grid
  return { ...grid, [table]: { ...grid[table], [change.id]: change.data } }
}

export function applyPulledPage(grid: LocalGrid, changes: ReadonlyArray<PulledChange>): LocalGrid {
  return changes.reduce(applyPulledChange, grid)
}

/**
 * The grid as it will be once the server applies `mutation`. A mutation the server would reject (an
 * edit of a deleted household, a member of an unknown household) changes nothing here either.
 */
export function applyMutationLocally(grid: LocalGrid, mutation: Mutation, context: LocalContext): LocalGrid {
  const at = context.now.toISOString()
  switch (mutation.type) {
    case 'household.upsert': {
      const payload = mutation.payload as Mutation<'household.upsert'>['payload']
      if (grid.deleted?.[payload.id]) return grid
      const existing = grid.households[payload.id]
      const household: CachedHousehold = {
        ...(existing ?? emptyHousehold(payload.id)),
        gridId: payload.gridId,
        address: payload.address,
        addressText: formatAddress(payload.address),
        note: payload.note === undefined ? (existing?.note ?? null) : payload.note || null,
        version: (existing?.version ?? 0) + 1
      }
      return withSummary({ ...grid, households: { ...grid.households, [payload.id]: household } }, payload.id, context.now)
    }
    case 'household.delete': {
      const payload = mutation.payload as Mutation<'household.delete'>['payload']
      if (!grid.households[payload.id]) return grid
      return { ...grid, households: without(grid.households, payload.id), deleted: { ...grid.deleted, [payload.id]: true } }
    }
    case 'member.upsert': {
      const payload = mutation.payload as Mutation<'member.upsert'>['payload']
      if (!grid.households[payload.householdId] || grid.deleted?.[payload.id]) return grid
      const existing = grid.members[payload.id]
      const member: MemberView = {
        ...(existing ?? emptyMember(payload.id, payload.householdId)),
        householdId: payload.householdId,
        name: payload.name,
        smartphone: payload.smartphone,
        ...(payload.gender !== undefined ? { gender: payload.gender } : {}),
        ...(payload.birthYear !== undefined ? { birthYear: payload.birthYear } : {}),
        ...(payload.relation !== undefined ? { relation: payload.relation || null } : {}),
        ...(payload.away !== undefined ? { away: payload.away ?? null } : {}),
        ...(payload.tags !== undefined ? { tags: [...new Set(payload.tags)] } : {}),
        ...(payload.isHead !== undefined ? { isHead: payload.isHead } : {}),
        ...(payload.phone !== undefined ? { phoneMasked: payload.phone ? maskPhone(normalizePhone(payload.phone)) : null } : {}),
        ...(payload.idNumber !== undefined
          ? { idNumberMasked: payload.idNumber ? maskIdNumber(normalizeIdNumber(payload.idNumber)) : null }
          : {})
      }
      let members = { ...grid.members, [payload.id]: member }
      if (payload.isHead) {
        members = Object.fromEntries(
          Object.entries(members).map(([id, other]) =>
            id !== payload.id && other.householdId === payload.householdId && other.isHead ? [id, { ...other, isHead: false }] : [id, other]
          )
        )
      }
      return withSummary({ ...grid, members }, payload.householdId, context.now)
    }
    case 'member.delete': {
      const payload = mutation.payload as Mutation<'member.delete'>['payload']
      const existing = grid.members[payload.id]
      if (!existing) return grid
      const deleted = { ...grid.deleted, [payload.id]: true as const }
      return withSummary({ ...grid, members: without(grid.members, payload.id), deleted }, existing.householdId, context.now)
    }
    case 'member.app': {
      const payload = mutation.payload as Mutation<'member.app'>['payload']
      const existing = grid.members[payload.memberId]
      if (!existing) return grid
      const installed = payload.status === 'installed_unregistered' || payload.status === 'registered'
      const member: MemberView = {
        ...existing,
        app: {
          status: payload.status,
          alertsOn: installed && (payload.alertsOn ?? existing.app?.alertsOn ?? false),
          region: payload.region ?? existing.app?.region ?? null,
          evidence: payload.evidence,
          updatedAt: at
        }
      }
      return withSummary({ ...grid, members: { ...grid.members, [member.id]: member } }, member.householdId, context.now)
    }
    case 'visit.record': {
      const payload = mutation.payload as Mutation<'visit.record'>['payload']
      if (!grid.households[payload.householdId]) return grid
      const existing = grid.visits[payload.id]
      const visit: VisitView = {
        id: payload.id,
        householdId: payload.householdId,
        workerId: existing?.workerId ?? context.worker.id,
        workerName: existing?.workerName ?? context.worker.name,
        kind: payload.kind,
        at: new Date(payload.at).toISOString(),
        actions: [...new Set(payload.actions)],
        note: payload.note || null
      }
      return withSummary({ ...grid, visits: { ...grid.visits, [payload.id]: visit } }, payload.householdId, context.now)
    }
    default:
      return grid
  }
}

export function applyMutationsLocally(grid: LocalGrid, mutations: ReadonlyArray<Mutation>, context: LocalContext): LocalGrid {
  return mutations.reduce((current, mutation) => applyMutationLocally(current, mutation, context), grid)
}

/** The list fields of a household, from its members and visits as the grid holds them. */
export function withSummary(grid: LocalGrid, householdId: string, now: Date): LocalGrid {
  const household = grid.households[householdId]
  if (!household) return grid
  const members = membersOf(grid, householdId)
  const visits = visitsOf(grid, householdId)
  const head = members.find((member) => member.isHead)
  const { eligible, registered } = countCoverage(
    members.map((member) => ({ ...member, appStatus: member.app?.status ?? null })),
    yearInChina(now)
  )
  const summary: CachedHousehold = {
    ...household,
    headNameMasked: head ? maskName(head.name) : '',
    memberCount: members.length,
    eligible,
    registered,
    lastVisitAt: visits[0]?.at ?? household.lastVisitAt ?? null
  }
  return { ...grid, households: { ...grid.households, [householdId]: summary } }
}

/** Head first, then by name: the order the household page lists members in. */
export function membersOf(grid: LocalGrid, householdId: string): MemberView[] {
  return Object.values(grid.members)
    .filter((member) => member.householdId === householdId)
    .sort((a, b) => Number(b.isHead) - Number(a.isHead) || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))
}

/** Newest first. */
export function visitsOf(grid: LocalGrid, householdId: string): VisitView[] {
  return Object.values(grid.visits)
    .filter((visit) => visit.householdId === householdId)
    // Newest first, then by id: the server's order (repositories/visits.ts), also for visits at one instant.
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export interface LocalHouseholdQuery {
  /** Member names and address parts containing this text. */
  q?: string
  filter?: HouseholdFilter
}

/** A grid's households as `GET /households` lists them, from the local grid: by address, then id. */
export function listLocalHouseholds(grid: LocalGrid, query: LocalHouseholdQuery, now: Date): HouseholdSummary[] {
  const q = query.q?.trim() ?? ''
  const year = yearInChina(now)
  const { from, to } = periodInstants(currentQuarter(now))
  const membersByHousehold = new Map<string, MemberView[]>()
  for (const member of Object.values(grid.members)) {
    const list = membersByHousehold.get(member.householdId)
    if (list) list.push(member)
    else membersByHousehold.set(member.householdId, [member])
  }
  return Object.values(grid.households)
    .filter((household) => {
      const members = membersByHousehold.get(household.id) ?? []
      if (q && !household.addressText.includes(q) && !members.some((member) => member.name.includes(q))) return false
      switch (query.filter) {
        case 'not_registered':
          return household.registered < household.eligible
        case 'priority':
          return members.some((member) => isPriorityMember(member, year))
        case 'not_visited':
          return !household.lastVisitAt || household.lastVisitAt < from || household.lastVisitAt >= to
        default:
          return true
      }
    })
    .sort((a, b) => a.addressText.localeCompare(b.addressText, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id))
    .map(toSummary)
}

/** A household as `GET /households/:id` answers it, from the local grid; null when the grid lacks it. */
export function localHouseholdDetail(grid: LocalGrid, householdId: string): HouseholdDetail | null {
  const household = grid.households[householdId]
  if (!household) return null
  return { ...household, members: membersOf(grid, householdId), visits: visitsOf(grid, householdId), certifications: [] }
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record }
  delete copy[key]
  return copy
}

function toSummary(household: CachedHousehold): HouseholdSummary {
  const { id, gridId, villageCode, addressText, headNameMasked, memberCount, eligible, registered, lastVisitAt } = household
  return { id, gridId, villageCode, addressText, headNameMasked, memberCount, eligible, registered, lastVisitAt }
}

function emptyHousehold(id: string): CachedHousehold {
  return {
    id,
    gridId: '',
    villageCode: '',
    addressText: '',
    headNameMasked: '',
    memberCount: 0,
    eligible: 0,
    registered: 0,
    lastVisitAt: null,
    address: {},
    note: null,
    version: 0
  }
}

function emptyMember(id: string, householdId: string): MemberView {
  return {
    id,
    householdId,
    name: '',
    gender: 'unknown',
    birthYear: null,
    phoneMasked: null,
    idNumberMasked: null,
    relation: null,
    smartphone: 'unknown',
    away: null,
    tags: [],
    isHead: false,
    app: null
  }
}
