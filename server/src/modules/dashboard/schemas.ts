import { z } from 'zod'
import type { Dashboard } from '../../../../src/core/api'
import { regionRefSchema } from '../regions/schemas'

export const dashboardParamsSchema = z.object({ regionCode: z.string() })
export const dashboardQuerySchema = z.object({
  period: z.string().optional().describe('`YYYYQn` or `YYYY-MM-DD..YYYY-MM-DD` (China time); defaults to the current quarter')
})

const villageStatusSchema = z.enum(['certified', 'in_progress', 'vetoed'])

export const dashboardSchema = z.object({
  region: regionRefSchema,
  period: z.string(),
  totals: z.object({
    villages: z.number(),
    certified: z.number(),
    households: z.number(),
    eligible: z.number(),
    registered: z.number(),
    visitedHouseholds: z.number().describe('Households with a visit in the period')
  }),
  villages: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        points: z.number(),
        status: villageStatusSchema,
        appCoverage: z.number().describe('Share in [0, 1], as the score computes it (0 when nobody is eligible)'),
        visitCoverage: z.number().describe('Share in [0, 1] of households visited in the period')
      })
    )
    .describe('Every village under the region, also those without households, by code'),
  trend: z
    .array(z.object({ date: z.string(), appCoverage: z.number(), visitCoverage: z.number(), certified: z.number() }))
    .describe('Always empty for now: score history is not kept yet')
}) satisfies z.ZodType<Dashboard>
