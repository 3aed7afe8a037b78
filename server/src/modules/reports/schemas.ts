import { z } from 'zod'
import type { DailyReport } from '../../../../src/core/dailyReport'

export const dailyReportQuerySchema = z.object({
  region: z.string().optional().describe('A township (9 digits) or county (6 digits) in the caller’s scope; default the caller’s own region'),
  date: z.string().optional().describe('YYYY-MM-DD in China time, not after today; default today')
})

const changeSchema = z.object({
  households: z.number().describe('Households entered on the roster in the window'),
  registered: z.number().describe('Members whose app status was recorded registered in the window'),
  visitedHouseholds: z.number().describe('Households visited (any kind) in the window')
})

export const dailyReportSchema = z.object({
  text: z.string().describe('The summary to paste into the WeChat group: counts and village names only'),
  date: z.string(),
  weekStart: z.string().describe('Our addition: the Monday the week’s counts start on'),
  region: z.object({ code: z.string(), name: z.string(), level: z.enum(['province', 'city', 'county', 'township', 'village']) }),
  day: changeSchema.describe('Our addition: the day’s totals'),
  week: changeSchema.describe('Our addition: the week’s totals (Monday to the day)'),
  rows: z
    .array(changeSchema.extend({ code: z.string(), name: z.string(), week: changeSchema }))
    .describe('Villages with any change in the week, those that moved most that day first'),
  coverage: z
    .object({ appCoverage: z.number(), visitCoverage: z.number() })
    .nullable()
    .describe('Our addition: the region’s coverage from the day’s daily snapshot; null when none was taken')
}) satisfies z.ZodType<DailyReport>
