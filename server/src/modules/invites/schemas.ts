import { z } from 'zod'
import { inviteTokenSchema } from '../../../../src/core/certification'

export const inviteTokenParamsSchema = z.object({ token: inviteTokenSchema })
/** Our addition to API.md: a browser resident signs in with the invitation it opened (H5 has no wx.login). */
export const invitationLoginSchema = z.strictObject({ inviteToken: inviteTokenSchema })
export const householdParamsSchema = z.object({ id: z.uuid('格式不正确') })

export const inviteCreatedSchema = z.object({
  token: z.string().describe('32 characters (base64url): the 小程序码 scene; shown in the QR code only, stored hashed'),
  expiresAt: z.string().describe('30 days from now (ISO UTC)'),
  path: z.string().describe('The mini-program page with the token, `packages/resident/pages/invite/index?token=…`')
})

export const inviteLookupSchema = z.object({
  village: z.object({ name: z.string() }),
  addressMasked: z.string().describe('组 and 栋 only (三组 5栋 ***)'),
  members: z.array(
    z.object({
      id: z.string(),
      nameMasked: z.string().describe('张*明'),
      needsPhoneLast4: z.boolean().describe('A phone is on file: POST /certifications must carry its last four digits (`phoneLast4`)')
    })
  )
})
