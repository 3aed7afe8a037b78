import { z } from 'zod'
import type { Dashboard, VillageScoreView } from '../../../../src/core/api'
import { CASE_KINDS } from '../../../../src/core/fraud'
import { INDICATOR_KEYS } from '../../../../src/core/scoring'
import { regionRefSchema } from '../regions/schemas'

export const dashboardParamsSchema = z.object({ regionCode: z.string() })
export const villageScoreParamsSchema = z.object({ code: z.string() })
export const periodQuerySchema = z.object({
  period: z.string().optional().describe('`YYYYQn` or `YYYY-MM-DD..YYYY-MM-DD` (China time); defaults to the current quarter')
})

const scoreStatusSchema = z.enum(['certified', 'in_progress', 'vetoed'])
const ruleSetRefSchema = z.object({ id: z.string(), version: z.number().int() }).describe('The rule set version the points were computed with')

export const dashboardSchema = z.object({
  region: regionRefSchema,
  period: z.string(),
  ruleSet: ruleSetRefSchema,
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
        households: z.number().describe('Live households'),
        points: z.number().nullable().describe('null for a village with no households (`not_started`) and for a row of child regions'),
        status: z.enum([...scoreStatusSchema.options, 'not_started']).describe(
          'A village’s score status, or `not_started` when it has no households. A child region’s row: `not_started` ' +
            'without households, `certified` when every village under it is, otherwise `in_progress`.'
        ),
        appCoverage: z.number().describe('Share in [0, 1], as the score computes it (0 when nobody is eligible)'),
        visitCoverage: z.number().describe('Share in [0, 1] of households visited in the period'),
        villages: z.number().optional().describe('Rows of child regions only: villages under the region'),
        certified: z.number().optional().describe('Rows of child regions only: certified villages under the region')
      })
    )
    .describe('A township or county: every village under it, also those without households, by code. A city: its counties.'),
  trend: z
    .array(z.object({ date: z.string(), appCoverage: z.number(), visitCoverage: z.number(), certified: z.number() }))
    .describe('Per day of the period with a daily snapshot (village_daily), oldest first: the region’s villages summed')
}) satisfies z.ZodType<Dashboard>

export const villageScoreSchema = z.object({
  village: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  ruleSet: ruleSetRefSchema,
  points: z.number(),
  status: scoreStatusSchema,
  indicators: z.array(
    z.object({
      key: z.enum(INDICATOR_KEYS),
      label: z.string(),
      numerator: z.number(),
      denominator: z.number(),
      value: z.number().describe('numerator / denominator in [0, 1]'),
      points: z.number(),
      maxPoints: z.number(),
      rule: z.string().describe('Our addition: the rule that gave the points, in Chinese')
    })
  ),
  vetoes: z
    .array(z.object({ caseId: z.string().optional(), kind: z.enum(CASE_KINDS), date: z.string(), label: z.string() }))
    .describe('Case records of the village in the period: any one makes the status `vetoed`'),
  gaps: z
    .array(
      z.object({
        indicator: z.enum(INDICATOR_KEYS),
        message: z.string(),
        toPass: z.number().describe('More households, members, activities or warnings to reach the indicator’s pass line'),
        toTarget: z.number().describe('… and its target'),
        candidates: z
          .array(z.object({ householdId: z.string(), memberId: z.string().optional() }))
          .describe('Households to visit or members to register, priority members first')
      })
    )
    .describe('One per indicator short of its target')
}) satisfies z.ZodType<VillageScoreView>
