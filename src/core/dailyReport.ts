import type { RegionLevel } from './regions'

/** What changed in a window: households newly entered, members newly registered, households visited. */
export interface ReportChange {
  households: number
  registered: number
  visitedHouseholds: number
}

export interface DailyReportRow extends ReportChange {
  code: string
  name: string
  /** The same counts over the week (Monday to the report's day). */
  week: ReportChange
}

/** GET /api/v1/reports/daily: a township's (or county's) day and week, and the text to paste. */
export interface DailyReport {
  text: string
  /** YYYY-MM-DD, China time */
  date: string
  /** The Monday the week's counts start on. */
  weekStart: string
  region: { code: string; name: string; level: RegionLevel }
  day: ReportChange
  week: ReportChange
  /** Villages with any change in the week, those that moved most today first. */
  rows: DailyReportRow[]
  /** Coverage at the end of the day from the daily snapshot, when there is one. */
  coverage: { appCoverage: number; visitCoverage: number } | null
}

/** How many villages the text names as 进展最快. */
export const MOVERS_NAMED = 3

/** Rows in the order the report lists them: most newly registered today, then visits, households, the week. */
export function byMovement(a: DailyReportRow, b: DailyReportRow): number {
  return (
    b.registered - a.registered ||
    b.visitedHouseholds - a.visitedHouseholds ||
    b.households - a.households ||
    b.week.registered - a.week.registered ||
    a.code.localeCompare(b.code)
  )
}

/** 12月2日 from 2026-12-02. */
export function chineseDay(date: string): string {
  const [, month, day] = date.split('-').map(Number)
  return `${month}月${day}日`
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`
}

function changeText(change: ReportChange): string {
  return `新增登记${change.households}户，新增注册APP ${change.registered}人，走访${change.visitedHouseholds}户`
}

/**
 * The summary pasted into the township's WeChat group in place of the 每日上报 typed by hand. Only
 * counts and village names: no person is named, so it may go to a group.
 */
export function dailyReportText(report: Omit<DailyReport, 'text'>): string {
  const movers = report.rows.filter((row) => row.registered > 0).slice(0, MOVERS_NAMED)
  const parts = [
    `【${report.region.name}无诈社区创建日报】${chineseDay(report.date)}：${changeText(report.day)}`,
    `本周（${chineseDay(report.weekStart)}起）累计${changeText(report.week)}`,
    movers.length > 0 ? `进展最快：${movers.map((row) => `${row.name}（+${row.registered}人）`).join('、')}` : '今日各村暂无新增注册'
  ]
  if (report.coverage) {
    parts.push(`截至当日APP注册率${percent(report.coverage.appCoverage)}，本季走访覆盖率${percent(report.coverage.visitCoverage)}`)
  }
  return `${parts.join('；')}。`
}
