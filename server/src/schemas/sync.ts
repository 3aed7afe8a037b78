import { z } from 'zod'
import type { PushResponse } from '../../../src/core/mutations'

const fieldErrorSchema = z.object({
  field: z.string().describe('Dotted path inside the mutation, e.g. `payload.phone`'),
  message: z.string().describe('Chinese, starting with the field name')
})

const mutationResultSchema = z.object({
  id: z.string(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  error: z
    .object({
      code: z.enum(['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']),
      message: z.string(),
      details: z.array(fieldErrorSchema).optional()
    })
    .optional()
    .describe('Why it was rejected; on `duplicate`, the rejection of the first delivery if it was rejected')
})

export const pushResponseSchema: z.ZodType<PushResponse> = z.object({
  results: z.array(mutationResultSchema).describe('One per mutation, in the order sent'),
  cursor: z.string().describe("The change log's latest position after this push (a decimal integer)")
})
