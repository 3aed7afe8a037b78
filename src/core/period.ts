/**
 * Scoring periods: `YYYYQn` or `YYYY-MM-DD..YYYY-MM-DD`, defaulting to the current quarter.
 * Dates are calendar dates in China Standard Time, where the campaign runs.
 */
export interface Period {
  label: string
  /** First day, inclusive, YYYY-MM-DD. */
  start: string
  /** Last day, inclusive, YYYY-MM-DD. */
  end: string
}

const QUARTER = /^(\d{4})Q([1-4])$/
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/
/** China Standard Time is UTC+8 all year (no daylight saving). */
export const CST_OFFSET_MS = 8 * 3600 * 1000

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export function quarterPeriod(year: number, quarter: number): Period {
  const firstMonth = (quarter - 1) * 3 + 1
  const lastMonth = firstMonth + 2
  return {
    label: `${year}Q${quarter}`,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`
  }
}

export function currentQuarter(now: Date): Period {
  const cst = new Date(now.getTime() + CST_OFFSET_MS)
  return quarterPeriod(cst.getUTCFullYear(), Math.floor(cst.getUTCMonth() / 3) + 1)
}

/** Parses a period parameter; returns null when it is not one. */
export function parsePeriod(value: string | undefined, now: Date): Period | null {
  if (value === undefined || value === '') return currentQuarter(now)
  const quarter = QUARTER.exec(value)
  if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]))
  const range = RANGE.exec(value)
  if (range && isCalendarDate(range[1]) && isCalendarDate(range[2]) && range[1] <= range[2]) {
    return { label: value, start: range[1], end: range[2] }
  }
  return null
}

/** The instant range [from, to) of a period, as ISO strings in UTC, for comparing stored timestamps. */
export function periodInstants(period: Period): { from: string; to: string } {
  const from = new Date(Date.parse(`${period.start}T00:00:00+08:00`)).toISOString()
  const to = new Date(Date.parse(`${period.end}T00:00:00+08:00`) + 24 * 3600 * 1000).toISOString()
  return { from, to }
}

/**
 * The window a worker's 本季 means (the 本季未走访 filter, the cards, the order of the list): the current
 * calendar quarter in China time, as instants. The phone and GET /households both take it from here.
 */
export function currentQuarterInstants(now: Date): { from: string; to: string } {
  return periodInstants(currentQuarter(now))
}

/** The campaign year of an instant, in China Standard Time (ages count by calendar year). */
export function yearInChina(now: Date): number {
  return new Date(now.getTime() + CST_OFFSET_MS).getUTCFullYear()
}
