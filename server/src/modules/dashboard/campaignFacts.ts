import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Period } from '../../../../src/core/period'
import { parentRegionCode, regionLevel } from '../../../../src/core/regions'
import type { CaseKind } from '../../../../src/core/fraud'
import type { CampaignFacts, VillageTallies } from '../../../../src/core/scoring'
import { withinRegion } from '../../db/regionRange'

/**
 * The campaign records of every village at or under a region for a period, read in three statements
 * whatever the number of villages (activities, village facts, cases), so a county's dashboard costs the
 * same three as a township's. Answers a function from village code to that village's facts.
 *
 * - Activities in the period: the village's own, plus its township's — an activity a township holds
 *   (a 宣讲会 in the township's square, a 集中宣传 day) reaches every village of it, so it counts once for
 *   each of them. A county's or city's own activities are not recorded (POST /activities takes villages and
 *   townships only).
 * - Volunteer team and 96110 warnings: the village's facts as they stand now (the village admin keeps them
 *   current; their history is in the audit log), whatever the period. None recorded: no team, no warnings.
 * - Cases dated inside the period: any one vetoes the village.
 */
export async function campaignFactsOf(
  db: Kysely<Database>,
  regionCode: string,
  period: Period,
  year: number
): Promise<(villageCode: string) => CampaignFacts> {
  const township = regionLevel(regionCode) === 'village' ? parentRegionCode(regionCode) : null
  const activityRows = await db
    .selectFrom('activities')
    .select(['region_code', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where((eb) => {
      const within = withinRegion(eb, 'region_code', regionCode)
      return township ? eb.or([within, eb('region_code', '=', township)]) : within
    })
    .where('occurred_on', '>=', period.start)
    .where('occurred_on', '<=', period.end)
    .groupBy('region_code')
    .execute()
  const activities = new Map(activityRows.map((row) => [row.region_code, Number(row.count)]))

  const factRows = await db.selectFrom('village_facts').selectAll().where((eb) => withinRegion(eb, 'village_code', regionCode)).execute()
  const facts = new Map(factRows.map((row) => [row.village_code, row]))

  const caseRows = await db
    .selectFrom('cases')
    .select(['id', 'village_code', 'kind', 'occurred_on'])
    .where((eb) => withinRegion(eb, 'village_code', regionCode))
    .where('occurred_on', '>=', period.start)
    .where('occurred_on', '<=', period.end)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute()
  const cases = new Map<string, CampaignFacts['cases'][number][]>()
  for (const row of caseRows) {
    const list = cases.get(row.village_code) ?? []
    list.push({ id: row.id, kind: row.kind as CaseKind, date: row.occurred_on })
    cases.set(row.village_code, list)
  }

  return (villageCode) => {
    const fact = facts.get(villageCode)
    return {
      period,
      year,
      activities: (activities.get(villageCode) ?? 0) + (activities.get(parentRegionCode(villageCode) ?? '') ?? 0),
      volunteerTeam: Number(fact?.volunteer_team ?? 0) === 1,
      warningsReceived: Number(fact?.warnings_received ?? 0),
      warningsFollowedUp: Number(fact?.warnings_followed_up ?? 0),
      cases: cases.get(villageCode) ?? []
    }
  }
}

/** A village with no households yet: it still appears on the dashboard, with no points. */
export const EMPTY_TALLIES: VillageTallies = { households: 0, visitedHouseholds: 0, eligible: 0, registered: 0, priority: 0, coveredPriority: 0 }
