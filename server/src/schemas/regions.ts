import { z } from 'zod'

const regionLevelSchema = z.enum(['province', 'city', 'county', 'township', 'village'])

export const regionRefSchema = z.object({ code: z.string(), name: z.string(), level: regionLevelSchema })

export const regionDetailSchema = regionRefSchema.extend({
  parentCode: z.string().nullable(),
  children: z.array(regionRefSchema).describe('Direct children, sorted by code')
})
