import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { periodInstants, type Period } from '../../../src/core/period'
import type { ScoringHousehold, ScoringMember, VillageFacts } from '../../../src/core/scoring'
import { VillageFactsRepository } from '../repositories/villageFacts'
import { memberFactsOf } from '../repositories/members'

/**
 * The scoring facts of every village under a region for a period, keyed by village code; villages
 * without households are absent (see emptyVillageFacts). Campaign records (activities, volunteer team,
 * 96110 warnings, case records) have no tables yet: until they do, every village has none of them.
 */
export async function gatherVillageFacts(
  db: Kysely<Database>,
  regionCode: string,
  period: Period,
  year: number
): Promise<Map<string, VillageFacts>> {
  const repository = new VillageFactsRepository(db)
  const households = await repository.householdsUnder(regionCode)
  const members = await repository.membersUnder(regionCode)
  const visited = await repository.visitedHouseholdsUnder(regionCode, periodInstants(period))

  const householdsByVillage = new Map<string, ScoringHousehold[]>()
  for (const household of households) {
    pushInto(householdsByVillage, household.village_code, { id: household.id, visitedInPeriod: visited.has(household.id) })
  }
  const membersByVillage = new Map<string, ScoringMember[]>()
  for (const member of members) {
    pushInto(membersByVillage, member.village_code, { id: member.id, householdId: member.household_id, ...memberFactsOf(member) })
  }
  const facts = new Map<string, VillageFacts>()
  for (const [villageCode, villageHouseholds] of householdsByVillage) {
    facts.set(villageCode, {
      ...emptyVillageFacts(period, year),
      households: villageHouseholds,
      members: membersByVillage.get(villageCode) ?? []
    })
  }
  return facts
}

/** A village with no households yet: it still appears on the dashboard, with no points. */
export function emptyVillageFacts(period: Period, year: number): VillageFacts {
  return {
    period,
    year,
    households: [],
    members: [],
    activities: 0,
    volunteerTeam: false,
    warningsReceived: 0,
    warningsFollowedUp: 0,
    cases: []
  }
}

function pushInto<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
