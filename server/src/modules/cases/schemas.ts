import { z } from 'zod'
import { AGE_BANDS, FRAUD_TYPES, LOSS_BANDS, type WarningList } from '../../../../src/core/fraud'

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
