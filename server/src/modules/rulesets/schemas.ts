import { z } from 'zod'
import { ruleSetRulesSchema } from '../../../../src/core/scoring'

export { ruleSetRulesSchema }

export const ruleSetSchema = ruleSetRulesSchema.safeExtend({
  id: z.string(),
  version: z.number().int().describe('1 for the default; each PUT adds the next'),
  createdAt: z.string()
})
