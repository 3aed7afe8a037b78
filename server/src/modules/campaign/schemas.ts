import { z } from 'zod'
import { ACTIVITY_KINDS, type ActivityRecord, type VillageFactsView } from '../../../../src/core/campaign'

export const activitySchema = z.object({
  id: z.string(),
  regionCode: z.string().describe('A village (12 digits) or a township (9 digits)'),
  regionName: z.string(),
  date: z.string().describe('YYYY-MM-DD'),
  title: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  participants: z.number(),
  createdAt: z.string()
}) satisfies z.ZodType<ActivityRecord>

export const activityListSchema = z.object({ items: z.array(activitySchema) })

export const villageFactsSchema = z.object({
  villageCode: z.string(),
  volunteerTeam: z.boolean(),
  warningsReceived: z.number(),
  warningsFollowedUp: z.number(),
  updatedAt: z.string().nullable()
}) satisfies z.ZodType<VillageFactsView>

export const villageParamsSchema = z.object({ code: z.string() })
