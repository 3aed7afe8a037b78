import { z } from 'zod'
import type { BadgeCheck, BadgeIssue } from '../../../../src/core/badge'

const slotSchema = z.object({
  token: z.string(),
  validFrom: z.string().describe('Start of the token’s 5-minute slot'),
  expiresAt: z.string().describe('End of the slot (a check accepts it 2 minutes either side, for clock skew)')
})

export const badgeIssueSchema = z.object({
  token: z.string().describe('The current slot’s token'),
  expiresAt: z.string(),
  nameMasked: z.string(),
  batch: z.array(slotSchema).describe('One token per 5-minute slot for the next 12 hours, in order: the phone shows them without signal')
}) satisfies z.ZodType<BadgeIssue>

export const badgeParamsSchema = z.object({ token: z.string() })

export const badgeCheckSchema = z.object({
  valid: z.boolean(),
  nameMasked: z.string().nullable(),
  role: z.string().nullable().describe('网格员'),
  village: z.string().nullable(),
  grid: z.string().nullable().describe('The worker’s grid names, joined by 、')
}) satisfies z.ZodType<BadgeCheck>
