import { z } from 'zod'

const regionLevelSchema = z.enum(['province', 'city', 'county', 'township', 'village'])

export const regionRefSchema = z.object({ code: z.string(), name: z.string(), level: regionLevelSchema })

export const regionDetailSchema = regionRefSchema.extend({
  parentCode: z.string().nullable(),
  children: z.array(regionRefSchema).describe('Direct children, sorted by code')
})

export const gridListQuerySchema = z.object({
  village: z.string('必须填写').regex(/^\d{12}$/, '代码格式不正确，应为12位区划代码')
})

export const gridSchema = z.object({
  id: z.string(),
  name: z.string(),
  villageCode: z.string(),
  workers: z.array(z.object({ id: z.string(), name: z.string() })).describe('Active grid workers of the grid')
})

export const gridListSchema = z.object({ items: z.array(gridSchema) })
