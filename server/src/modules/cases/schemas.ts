import { z } from 'zod'
import { AGE_BANDS, CASE_KINDS, FRAUD_TYPES, LOSS_BANDS, type WarningList } from '../../../../src/core/fraud'
import type { CaseRecord } from '../../../../src/core/campaign'

export const warningParamsSchema = z.object({ code: z.string() })

export const warningListSchema = z.object({
  township: z.object({ code: z.string(), name: z.string() }),
  items: z
    .array(
      z.object({
        month: z.string().describe('YYYY-MM, China time'),
        fraudType: z.enum(FRAUD_TYPES),
        lossBand: z.enum(LOSS_BANDS),
        ageBand: z.enum(AGE_BANDS).nullable()
      })
    )
    .describe('Empty unless the township has at least 3 incidents in the last 12 months; newest month first')
}) satisfies z.ZodType<WarningList>

export const caseRecordSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  date: z.string().describe('YYYY-MM-DD'),
  kind: z.enum(CASE_KINDS),
  fraudType: z.enum(FRAUD_TYPES),
  loss: z.number().nullable().describe('Yuan'),
  ageBand: z.enum(AGE_BANDS).nullable(),
  note: z.string().nullable(),
  createdAt: z.string()
}) satisfies z.ZodType<CaseRecord>

export const caseListSchema = z.object({ items: z.array(caseRecordSchema) })

/** `region` is checked by the service, so its message names 地区 (the shared label of `region` is the member's 常驻地区). */
export const regionQuerySchema = z.object({ region: z.string().optional().describe('A region code of 2–12 digits in the caller’s scope') })

export const createdSchema = z.object({ id: z.string() })
