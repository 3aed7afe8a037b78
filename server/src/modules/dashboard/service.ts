import type { Kysely } from 'kysely'
import type { Database, RegionRow } from '../../db/schema'
import type { Dashboard, DashboardVillage, VillageScoreView } from '../../../../src/core/api'
import { parsePeriod, periodInstants, yearInChina, type Period } from '../../../../src/core/period'
import type { RegionLevel } from '../../../../src/core/regions'
import { rate } from '../../../../src/core/coverage'
import { computeVillageScore, scoreTallies, villageStanding, type CampaignFacts, type IndicatorKey, type RuleSet, type VillageScore, type VillageTallies } from '../../../../src/core/scoring'
import { notFound, validationFailed } from '../../errors'
import { RegionRepository } from '../regions/regionRepository'
import type { RuleSetRepository } from '../rulesets/ruleSetRepository'
import { VillageFactsRepository } from './villageFactsRepository'
import { VillageRosterRepository } from './villageRosterRepository'
import { VillageDailyRepository } from './villageDailyRepository'
import type { Scope } from '../../access/scope'
import { campaignFactsOf, EMPTY_TALLIES } from './campaignFacts'

/** Dashboards exist for a city (4 digits), a county (6) or a township (9). */
const DASHBOARD_REGION = /^(\d{4}|\d{6}|\d{9})$/
/** A city's dashboard lists its counties (rows of child regions), not its thousands of villages. */
const CHILD_ROWS_AT: ReadonlySet<string> = new Set(['city'])

const PERIOD_ERROR = { field: 'period', message: '统计周期格式不正确，应如 2026Q4 或 2026-10-01..2026-12-31' }

/** Scores of one village and dashboards of townships, counties and cities, all by the rule set in force. */
export class DashboardService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ruleSets: RuleSetRepository,
    private readonly now: () => Date
  ) {}

  /**
   * A township's, county's or city's dashboard: every village under it scored by the core from counts made
   * in SQL (VillageFactsRepository.talliesUnder); a city's rows are its counties. The trend is the region's
   * daily snapshots (village_daily) for the days of the period, summed per day.
   */
  async build(scope: Scope, regionCode: string, periodParam: string | undefined): Promise<Dashboard> {
    const region = DASHBOARD_REGION.test(regionCode) ? await new RegionRepository(this.db).findVisible(regionCode, scope) : undefined
    if (!region || region.level === 'village') throw notFound('地区')
    const period = this.periodOf(periodParam)
    const { rules, scored } = await this.scoreVillagesUnder(regionCode, period, yearInChina(this.now()))
    const rows = CHILD_ROWS_AT.has(region.level) ? await this.childRows(regionCode, scored) : scored.map((v) => v.row)
    return {
      region: { code: region.code, name: region.name, level: region.level as RegionLevel },
      period: period.label,
      ruleSet: { id: rules.id, version: rules.version },
      totals: totalsOf(scored),
      villages: rows,
      trend: await new VillageDailyRepository(this.db).trend(regionCode, period.start, period.end)
    }
  }

  /**
   * Every village under the region scored for the period with the rule set in force. With `asOf`, from the
   * roster as it stood at that instant and visits before it (the daily snapshots of past days).
   */
  async scoreVillagesUnder(regionCode: string, period: Period, year: number, asOf?: string): Promise<{ rules: RuleSet; scored: ScoredVillage[] }> {
    const repository = new VillageFactsRepository(this.db)
    const villages = await repository.villagesUnder(regionCode)
    const window = periodInstants(period)
    const visitWindow = asOf && asOf < window.to ? { from: window.from, to: asOf } : window
    const tallies = await repository.talliesUnder(regionCode, visitWindow, year, asOf)
    const rules = await this.ruleSets.current()
    const campaignOf = await campaignFactsOf(this.db, regionCode, period, year)
    const scored = villages.map((village) => villageRow(village, tallies.get(village.code) ?? EMPTY_TALLIES, rules, campaignOf(village.code)))
    return { rules, scored }
  }

  /** The explained score of one village with its gap list; a village outside the scope is not found. */
  async villageScore(scope: Scope, villageCode: string, periodParam: string | undefined): Promise<VillageScoreView> {
    const village = await new RegionRepository(this.db).findVisible(villageCode, scope)
    if (!village || village.level !== 'village') throw notFound('村（社区）')
    const period = this.periodOf(periodParam)
    const year = yearInChina(this.now())
    const roster = await new VillageRosterRepository(this.db).rosterOf(villageCode, periodInstants(period), scope)
    const rules = await this.ruleSets.current()
    const campaignOf = await campaignFactsOf(this.db, villageCode, period, year)
    const score = computeVillageScore({ ...campaignOf(villageCode), ...roster }, rules)
    return { village: { code: village.code, name: village.name }, period: period.label, ...score }
  }

  private periodOf(periodParam: string | undefined): Period {
    const period = parsePeriod(periodParam, this.now())
    if (!period) throw validationFailed([PERIOD_ERROR])
    return period
  }

  /** Rows of the region's children (a city's counties), each summing the villages under it. */
  private async childRows(regionCode: string, scored: ScoredVillage[]): Promise<DashboardVillage[]> {
    const children = await new RegionRepository(this.db).childrenOf(regionCode)
    return children.map((child) => {
      const under = scored.filter((village) => village.row.code.startsWith(child.code))
      const totals = totalsOf(under)
      return {
        code: child.code,
        name: child.name,
        households: totals.households,
        points: null,
        status: totals.households === 0 ? 'not_started' : totals.certified === totals.villages ? 'certified' : 'in_progress',
        appCoverage: rate(totals.registered, totals.eligible),
        visitCoverage: rate(totals.visitedHouseholds, totals.households),
        villages: totals.villages,
        certified: totals.certified
      }
    })
  }
}

export interface ScoredVillage {
  row: DashboardVillage
  tallies: VillageTallies
}

function villageRow(village: RegionRow, tallies: VillageTallies, rules: RuleSet, campaign: CampaignFacts): ScoredVillage {
  const score = scoreTallies(tallies, campaign, rules)
  return {
    tallies,
    row: {
      code: village.code,
      name: village.name,
      households: tallies.households,
      ...villageStanding(tallies, score),
      appCoverage: indicatorValue(score, 'app_coverage'),
      visitCoverage: indicatorValue(score, 'visit_coverage')
    }
  }
}

function totalsOf(villages: ReadonlyArray<ScoredVillage>): Dashboard['totals'] {
  const totals = { villages: villages.length, certified: 0, households: 0, eligible: 0, registered: 0, visitedHouseholds: 0 }
  for (const { row, tallies } of villages) {
    totals.certified += row.status === 'certified' ? 1 : 0
    totals.households += tallies.households
    totals.eligible += tallies.eligible
    totals.registered += tallies.registered
    totals.visitedHouseholds += tallies.visitedHouseholds
  }
  return totals
}

/** The dashboard shows the same rates the score explains, so both always agree. */
function indicatorValue(score: Pick<VillageScore, 'indicators'>, key: IndicatorKey): number {
  return score.indicators.find((indicator) => indicator.key === key)?.value ?? 0
}
