import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { byMovement, dailyReportText, type DailyReport, type DailyReportRow, type ReportChange } from '../../../../src/core/dailyReport'
import { chinaDate, isCalendarDate } from '../../../../src/core/campaign'
import type { RegionLevel } from '../../../../src/core/regions'
import { notFound, validationFailed } from '../../errors'
import { withinRegion } from '../../db/regionRange'
import type { Scope } from '../../access/scope'
import { RegionRepository } from '../regions/regionRepository'
import { VillageDailyRepository } from '../dashboard/villageDailyRepository'

/** A daily report is a township's, or a county's (its villages listed alike). */
const REPORT_REGION = /^(\d{6}|\d{9})$/
const DAY_MS = 24 * 3600 * 1000

const NO_CHANGE: ReportChange = { households: 0, registered: 0, visitedHouseholds: 0 }

type Counts = Map<string, { day: number; week: number }>

/**
 * The daily report (每日上报) of a township: the day's and the week's change, by village, counted from the
 * records' own tables (three statements whatever the number of villages):
 * - households entered: households created in the window and not deleted since;
 * - newly registered: members (not deleted) whose app status is registered and was last recorded in the
 *   window (a later change of its evidence moves that time, so a registration can count on a later day);
 * - visits: households with at least one visit (any kind) dated in the window.
 * The coverage line is the day's daily snapshot (village_daily), absent when none was taken.
 */
export class DailyReportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date
  ) {}

  async report(scope: Scope, defaultRegion: string | null, regionParam: string | undefined, dateParam: string | undefined): Promise<DailyReport> {
    const regionCode = regionParam || defaultRegion || ''
    if (!REPORT_REGION.test(regionCode)) {
      throw validationFailed([{ field: 'region', message: '地区应为乡镇（9位）或区县（6位）区划代码' }])
    }
    const date = this.dateOf(dateParam)
    const region = await new RegionRepository(this.db).findVisible(regionCode, scope)
    if (!region) throw notFound('地区')

    const weekStart = mondayOf(date)
    const window = { weekFrom: chinaMidnight(weekStart), dayFrom: chinaMidnight(date), to: new Date(Date.parse(chinaMidnight(date)) + DAY_MS).toISOString() }
    const [names, households, registered, visited, snapshot] = await Promise.all([
      this.villageNames(regionCode),
      this.householdsEntered(regionCode, window),
      this.membersRegistered(regionCode, window),
      this.householdsVisited(regionCode, window),
      new VillageDailyRepository(this.db).trend(regionCode, date, date)
    ])
    const rows = [...names]
      .map(([code, name]): DailyReportRow => ({
        code,
        name,
        households: households.get(code)?.day ?? 0,
        registered: registered.get(code)?.day ?? 0,
        visitedHouseholds: visited.get(code)?.day ?? 0,
        week: { households: households.get(code)?.week ?? 0, registered: registered.get(code)?.week ?? 0, visitedHouseholds: visited.get(code)?.week ?? 0 }
      }))
      .filter((row) => row.week.households + row.week.registered + row.week.visitedHouseholds > 0)
      .sort(byMovement)
    const report: Omit<DailyReport, 'text'> = {
      date,
      weekStart,
      region: { code: region.code, name: region.name, level: region.level as RegionLevel },
      day: sumOf(rows, (row) => row),
      week: sumOf(rows, (row) => row.week),
      rows,
      coverage: snapshot[0] ? { appCoverage: snapshot[0].appCoverage, visitCoverage: snapshot[0].visitCoverage } : null
    }
    return { text: dailyReportText(report), ...report }
  }

  /** The report's day: today (China time) by default; a calendar date not after today. */
  private dateOf(dateParam: string | undefined): string {
    const today = chinaDate(this.now())
    if (dateParam === undefined || dateParam === '') return today
    if (!isCalendarDate(dateParam)) throw validationFailed([{ field: 'date', message: '日期应为有效日期，如 2026-12-02' }])
    if (dateParam > today) throw validationFailed([{ field: 'date', message: `日期不能晚于今天（${today}）` }])
    return dateParam
  }

  private async villageNames(regionCode: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('level', '=', 'village')
      .where((eb) => withinRegion(eb, 'code', regionCode))
      .execute()
    return new Map(rows.map((row) => [row.code, row.name]))
  }

  private async householdsEntered(regionCode: string, window: ReportWindow): Promise<Counts> {
    const rows = await this.db
      .selectFrom('households as h')
      .select(['h.village_code as village', dayCount(sql.ref('h.created_at'), window.dayFrom), sql<string | number>`count(*)`.as('week')])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('h.created_at', '>=', window.weekFrom)
      .where('h.created_at', '<', window.to)
      .where('h.deleted_at', 'is', null)
      .groupBy('h.village_code')
      .execute()
    return countsOf(rows)
  }

  private async membersRegistered(regionCode: string, window: ReportWindow): Promise<Counts> {
    const rows = await this.db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select(['h.village_code as village', dayCount(sql.ref('m.app_updated_at'), window.dayFrom), sql<string | number>`count(*)`.as('week')])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('m.app_status', '=', 'registered')
      .where('m.app_updated_at', '>=', window.weekFrom)
      .where('m.app_updated_at', '<', window.to)
      .where('m.deleted_at', 'is', null)
      .where('h.deleted_at', 'is', null)
      .groupBy('h.village_code')
      .execute()
    return countsOf(rows)
  }

  private async householdsVisited(regionCode: string, window: ReportWindow): Promise<Counts> {
    const rows = await this.db
      .selectFrom('visits as v')
      .innerJoin('households as h', 'h.id', 'v.household_id')
      .select([
        'h.village_code as village',
        sql<string | number>`count(distinct case when v.at >= ${window.dayFrom} then v.household_id end)`.as('day'),
        sql<string | number>`count(distinct v.household_id)`.as('week')
      ])
      .where((eb) => withinRegion(eb, 'h.village_code', regionCode))
      .where('v.at', '>=', window.weekFrom)
      .where('v.at', '<', window.to)
      .where('h.deleted_at', 'is', null)
      .groupBy('h.village_code')
      .execute()
    return countsOf(rows)
  }
}

interface ReportWindow {
  weekFrom: string
  dayFrom: string
  to: string
}

function dayCount(at: ReturnType<typeof sql.ref>, dayFrom: string) {
  return sql<string | number>`sum(case when ${at} >= ${dayFrom} then 1 else 0 end)`.as('day')
}

function countsOf(rows: ReadonlyArray<{ village: string; day: string | number; week: string | number }>): Counts {
  return new Map(rows.map((row) => [row.village, { day: Number(row.day), week: Number(row.week) }]))
}

function sumOf(rows: ReadonlyArray<DailyReportRow>, pick: (row: DailyReportRow) => ReportChange): ReportChange {
  return rows.reduce(
    (sum, row) => {
      const change = pick(row)
      return { households: sum.households + change.households, registered: sum.registered + change.registered, visitedHouseholds: sum.visitedHouseholds + change.visitedHouseholds }
    },
    { ...NO_CHANGE }
  )
}

/** The instant a China calendar day starts, as stored timestamps are written (UTC ISO). */
function chinaMidnight(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString()
}

/** The Monday of the date's week (weeks start on Monday in China). */
function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  const day = new Date(Date.UTC(y, m - 1, d))
  const sinceMonday = (day.getUTCDay() + 6) % 7
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10)
}
