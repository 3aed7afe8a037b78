import { z } from 'zod'
import { ROLES } from '../../../../src/core/api'

/** Response shapes of auth and /me: they document the API and keep anything else out of responses. */
export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  scope: z.object({
    regionCode: z.string().optional().describe('Region the user acts for (a grid worker: their village)'),
    gridIds: z.array(z.string()).optional().describe('Grid workers only: their grids')
  })
})

export const loginResponseSchema = z.object({
  token: z.string().describe('Bearer token; send as `Authorization: Bearer <token>`'),
  expiresAt: z.string().describe('Idle expiry (ISO 8601); pushed forward while the token is used'),
  user: userSchema.nullable().describe('null for a resident (an unbound WeChat identity)')
})

export const bindResponseSchema = z.object({ user: userSchema })
