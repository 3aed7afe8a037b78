import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Dashboard, DashboardVillage } from '../../../../src/core/api'
import { parsePeriod, periodInstants, yearInChina } from '../../../../src/core/period'
import type { RegionLevel } from '../../../../src/core/regions'
import { DEFAULT_RULE_SET, scoreTallies, type IndicatorKey, type VillageScore } from '../../../../src/core/scoring'
import { notFound, validationFailed } from '../../errors'
import { RegionRepository } from '../regions/regionRepository'
import { VillageFactsRepository } from './villageFactsRepository'
import type { Scope } from '../../access/scope'
import { campaignFactsOf, EMPTY_TALLIES } from './campaignFacts'

/** Dashboards exist for a township (9 digits) or a county (6 digits). */
const DASHBOARD_REGION = /^(\d{6}|\d{9})$/

/** Dashboards of townships and counties: every village under the region scored from SQL counts. */
export class DashboardService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date
  ) {}

  build(scope: Scope, regionCode: string, periodParam: string | undefined): Promise<Dashboard> {
    return buildDashboard(this.db, scope, regionCode, periodParam, this.now())
  }
}

/**
 * A township's or county's dashboard: every village under it scored by the core's rule engine from counts
 * made in SQL (VillageFactsRepository.talliesUnder). The trend stays empty until score history is kept.
 */
async function buildDashboard(
  db: Kysely<Database>,
  scope: Scope,
  regionCode: string,
  periodParam: string | undefined,
  now: Date
): Promise<Dashboard> {
  const region = DASHBOARD_REGION.test(regionCode) ? await new RegionRepository(db).findVisible(regionCode, scope) : undefined
  if (!region) throw notFound('地区')
  const period = parsePeriod(periodParam, now)
  if (!period) throw validationFailed([{ field: 'period', message: '统计周期格式不正确，应如 2026Q4 或 2026-10-01..2026-12-31' }])

  const year = yearInChina(now)
  const repository = new VillageFactsRepository(db)
  const villages = await repository.villagesUnder(regionCode)
  const tallies = await repository.talliesUnder(regionCode, periodInstants(period), year)
  const campaignOf = await campaignFactsOf(db, regionCode, period, year)
  const totals = { villages: villages.length, certified: 0, households: 0, eligible: 0, registered: 0, visitedHouseholds: 0 }
  const rows: DashboardVillage[] = []
  for (const village of villages) {
    const villageTallies = tallies.get(village.code) ?? EMPTY_TALLIES
    const score = scoreTallies(villageTallies, campaignOf(village.code), DEFAULT_RULE_SET)
    totals.certified += score.status === 'certified' ? 1 : 0
    totals.households += villageTallies.households
    totals.eligible += villageTallies.eligible
    totals.registered += villageTallies.registered
    totals.visitedHouseholds += villageTallies.visitedHouseholds
    rows.push({
      code: village.code,
      name: village.name,
      points: score.points,
      status: score.status,
      appCoverage: indicatorValue(score, 'app_coverage'),
      visitCoverage: indicatorValue(score, 'visit_coverage')
    })
  }
  return {
    region: { code: region.code, name: region.name, level: region.level as RegionLevel },
    period: period.label,
    totals,
    villages: rows,
    trend: []
  }
}

/** The dashboard shows the same rates the score explains, so both always agree. */
function indicatorValue(score: Pick<VillageScore, 'indicators'>, key: IndicatorKey): number {
  return score.indicators.find((indicator) => indicator.key === key)?.value ?? 0
}
