import type { MemberView, VisitView } from './api'
import type { Address } from './household'
import type { CertificationView } from './certification'

/**
 * The grid a phone keeps for working without signal: the records themselves — households, members,
 * visits — as the server last sent them with the phone's waiting changes applied. Figures that follow
 * from the records (a household's member count, head, coverage and last visit; which filter it passes)
 * are not kept: they are computed from these records when read (core/localCache), so no change can
 * leave one behind.
 */

/** What the phone keeps of a household itself. */
export interface LocalHousehold {
  id: string
  gridId: string
  villageCode: string
  address: Address
  note: string | null
  version: number
}

export interface LocalGrid {
  households: Record<string, LocalHousehold>
  members: Record<string, MemberView>
  visits: Record<string, VisitView>
  /**
   * Ids of households, members and visits that are gone (deleted here, or reported deleted by a pull):
   * the server refuses edits of them (the delete wins), so the phone's copy ignores them too.
   */
  deleted?: Record<string, true>
  /** Residents' certifications in the grid, as pulled: the worker's review queue works offline too. */
  certifications?: Record<string, CertificationView>
}

export const EMPTY_GRID: LocalGrid = { households: {}, members: {}, visits: {} }

/** Who makes local changes and when: for the fields the server would stamp. */
export interface LocalContext {
  now: Date
  worker: { id: string; name: string }
}

export function isGone(grid: LocalGrid, id: string): boolean {
  return grid.deleted?.[id] === true
}

/** The grid without these records, each remembered as gone. */
export function withoutRecords(grid: LocalGrid, ids: { households?: string[]; members?: string[]; visits?: string[] }): LocalGrid {
  const gone = [...(ids.households ?? []), ...(ids.members ?? []), ...(ids.visits ?? [])]
  if (gone.length === 0) return grid
  return {
    ...grid,
    households: omit(grid.households, ids.households ?? []),
    members: omit(grid.members, ids.members ?? []),
    visits: omit(grid.visits, ids.visits ?? []),
    deleted: { ...grid.deleted, ...Object.fromEntries(gone.map((id) => [id, true as const])) }
  }
}

/** The household of a member the copy knows, as a list (empty when it does not know the member). */
export function householdOfMember(grid: LocalGrid, memberId: string): string[] {
  const member = grid.members[memberId]
  return member ? [member.householdId] : []
}

export function membersOfHousehold(grid: LocalGrid, householdId: string): MemberView[] {
  return Object.values(grid.members).filter((member) => member.householdId === householdId)
}

export function visitsOfHousehold(grid: LocalGrid, householdId: string): VisitView[] {
  return Object.values(grid.visits).filter((visit) => visit.householdId === householdId)
}

function omit<T>(records: Record<string, T>, ids: ReadonlyArray<string>): Record<string, T> {
  if (!ids.some((id) => id in records)) return records
  const copy = { ...records }
  for (const id of ids) delete copy[id]
  return copy
}
