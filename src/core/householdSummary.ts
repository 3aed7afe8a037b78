import type { HouseholdSummary } from './api'
import { compareCodePoints } from './codePointOrder'
import { countCoverage, type MemberCoverageFacts } from './coverage'
import { formatAddress, type Address } from './household'
import { maskName } from './names'

/**
 * The list fields of a household (HouseholdSummary) and the order of its members, computed from its
 * records: by the server for GET /households and GET /households/:id, and by the phone from its copy of
 * the grid, so that neither ever shows a stored figure that a later change left behind.
 */

/** What a household itself records (the rest of its list fields follows from its members and visits). */
export interface HouseholdRecord {
  id: string
  gridId: string
  villageCode: string
  address: Address
}

/** What a member contributes to the list fields and to the member order. */
export interface SummaryMember extends MemberCoverageFacts {
  id: string
  name: string
  isHead: boolean
}

type MemberOrderFacts = Pick<SummaryMember, 'id' | 'name' | 'isHead' | 'birthYear'>

/**
 * The order a household's members are listed in: the head first, then oldest first (unknown birth
 * year last), then by name and id in code point order. Every fact it uses is on the phone, so a member
 * added without signal takes the place the server will give it.
 */
export function compareMembers(a: MemberOrderFacts, b: MemberOrderFacts): number {
  return (
    Number(b.isHead) - Number(a.isHead) ||
    (a.birthYear ?? Infinity) - (b.birthYear ?? Infinity) ||
    compareCodePoints(a.name, b.name) ||
    compareCodePoints(a.id, b.id)
  )
}

/**
 * A household's list fields: the head is the first head in member order (a member moved in may bring
 * a second one), eligible and registered count app coverage (countCoverage) in `year`.
 */
export function summarizeHousehold(
  household: HouseholdRecord,
  members: ReadonlyArray<SummaryMember>,
  lastVisitAt: string | null,
  year: number
): HouseholdSummary {
  const head = members.filter((member) => member.isHead).sort(compareMembers)[0]
  const { eligible, registered } = countCoverage(members, year)
  return {
    id: household.id,
    gridId: household.gridId,
    villageCode: household.villageCode,
    addressText: formatAddress(household.address),
    headNameMasked: head ? maskName(head.name) : '',
    memberCount: members.length,
    eligible,
    registered,
    lastVisitAt
  }
}
