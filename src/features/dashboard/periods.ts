import { CST_OFFSET_MS, quarterPeriod } from '@/core/period'

/** The choices of the period picker: the server's period parameter (API.md) and how it reads. */
export interface PeriodChoice {
  value: string
  label: string
}

/** 本季度 and 上季度 in China time; a range is typed as two dates. */
export function quarterChoices(now: Date): PeriodChoice[] {
  const cst = new Date(now.getTime() + CST_OFFSET_MS)
  const year = cst.getUTCFullYear()
  const quarter = Math.floor(cst.getUTCMonth() / 3) + 1
  const previous = quarter === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, quarter - 1)
  return [
    { value: quarterPeriod(year, quarter).label, label: '本季度' },
    { value: previous.label, label: '上季度' }
  ]
}

export function rangePeriod(start: string, end: string): string {
  return `${start}..${end}`
}

/** "2026Q4" → "2026年第4季度"; a range → "2026-10-01 至 2026-11-30". */
export function describePeriod(period: string): string {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period)
  if (quarter) return `${quarter[1]}年第${quarter[2]}季度`
  return period.replace('..', ' 至 ')
}
