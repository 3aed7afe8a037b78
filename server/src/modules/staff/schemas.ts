import { z } from 'zod'
import { STAFF_INVITE_ROLES } from '../../../../src/core/staff'
import { gridSchema } from '../regions/schemas'

export { gridSchema }

export const gridParamsSchema = z.object({ id: z.string() })
export const codeParamsSchema = z.object({ code: z.string() })
export const regionQuerySchema = z.object({ region: z.string().optional() })

export const villageWorkerListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), gridIds: z.array(z.string()).describe('The grids they work') }))
})

export const staffInviteCreatedSchema = z.object({
  code: z.string().describe('e.g. K7QF-2MXA; case, spaces and dashes do not matter when typed in'),
  expiresAt: z.string()
})

export const staffInviteListSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      role: z.enum(STAFF_INVITE_ROLES),
      name: z.string(),
      regionCode: z.string(),
      grids: z.array(z.object({ id: z.string(), name: z.string() })),
      createdAt: z.string(),
      expiresAt: z.string()
    })
  )
})
