import { z } from 'zod'
import { APP_STATUSES } from '../../../../src/core/appStatus'
import { CERTIFICATION_STATES, UPLOAD_CHECK_STATES, type CertificationView } from '../../../../src/core/certification'

export const certificationViewSchema: z.ZodType<CertificationView> = z.object({
  id: z.string(),
  householdId: z.string(),
  memberId: z.string(),
  memberNameMasked: z.string(),
  status: z.enum(APP_STATUSES),
  alertsOn: z.boolean(),
  region: z.string().nullable(),
  uploadId: z.string().nullable().describe('The screenshot: GET /api/v1/uploads/:id'),
  uploadCheck: z
    .enum(UPLOAD_CHECK_STATES)
    .nullable()
    .optional()
    .describe('Our addition: WeChat’s content check of the screenshot; risky means it was deleted and is not shown; null without one'),
  state: z.enum(CERTIFICATION_STATES),
  reason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable()
})

export const certificationListQuerySchema = z.object({
  grid: z.uuid('格式不正确').describe('404 outside the scope'),
  state: z.enum(CERTIFICATION_STATES, '应为 pending、accepted 或 rejected').default('pending')
})

export const certificationCreatedSchema = z.object({ id: z.string(), state: z.literal('pending') })

export const myCertificationsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      memberNameMasked: z.string(),
      state: z.enum(CERTIFICATION_STATES),
      reason: z.string().optional().describe('Why it was not accepted')
    })
  )
})
