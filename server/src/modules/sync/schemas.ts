import { z } from 'zod'
import type { HouseholdDetail, MemberView, VisitView } from '../../../../src/core/api'
import type { PushResponse } from '../../../../src/core/mutations'
import { householdDetailSchema, memberViewSchema, visitViewSchema } from '../households/schemas'
import type { CertificationView } from '../../../../src/core/certification'
import { certificationViewSchema } from '../certifications/schemas'

const fieldErrorSchema = z.object({
  field: z.string().describe('Dotted path inside the mutation, e.g. `payload.phone`'),
  message: z.string().describe('Chinese, starting with the field name')
})

export const mutationResultSchema = z.object({
  id: z.string(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  error: z
    .object({
      code: z.enum(['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']),
      message: z.string(),
      details: z.array(fieldErrorSchema).optional(),
      householdDeleted: z
        .object({
          at: z.string().describe('When the server applied the delete (ISO UTC)'),
          byNameMasked: z.string().describe('Who deleted it, masked (王*明)')
        })
        .optional()
        .describe(
          'On NOT_FOUND for a change about a deleted household the caller’s scope covers (the delete wins): when and by whom; the message says the same (该户已于 12月1日 14:05 被 王*明 删除). Outside the scope the answer is the plain NOT_FOUND.'
        )
    })
    .optional()
    .describe('Why it was rejected; on `duplicate`, the rejection of the first delivery if it was rejected')
})

export const pushResponseSchema: z.ZodType<PushResponse> = z.object({
  results: z.array(mutationResultSchema).describe('One per mutation, in the order sent'),
  cursor: z.string().describe("The change log's latest position after this push (a decimal integer)")
})

export const MAX_PULL_LIMIT = 1000

export const pullQuerySchema = z.object({
  grid: z.uuid('格式不正确').describe('The grid to pull (404 outside the scope)'),
  since: z
    .string()
    .regex(/^\d{1,15}$/, '应为上次同步返回的游标')
    .default('0')
    .describe('`cursor` of the previous pull; 0 (the default) pulls the grid from the start'),
  limit: z.coerce
    .number('应为整数')
    .int('应为整数')
    .min(1, '至少为1')
    .max(MAX_PULL_LIMIT, `最多为${MAX_PULL_LIMIT}`)
    .default(500)
    .describe('Change-log rows read for this page')
})

/** A household as the device caches it: the list fields plus address, note and version. */
export type HouseholdCacheView = Omit<HouseholdDetail, 'members' | 'visits' | 'certifications'>
const householdCacheViewSchema = householdDetailSchema.omit({ members: true, visits: true, certifications: true })

export type PulledChange =
  | { entity: 'household'; id: string; op: 'upsert'; data: HouseholdCacheView }
  | { entity: 'member'; id: string; op: 'upsert'; data: MemberView }
  | { entity: 'visit'; id: string; op: 'upsert'; data: VisitView }
  | { entity: 'certification'; id: string; op: 'upsert'; data: CertificationView }
  | { entity: 'household' | 'member' | 'visit' | 'certification'; id: string; op: 'delete' }

export interface PullResponse {
  changes: PulledChange[]
  cursor: string
  hasMore: boolean
}

const deletedSchema = z.object({ entity: z.enum(['household', 'member', 'visit', 'certification']), id: z.string(), op: z.literal('delete') })

export const pullResponseSchema: z.ZodType<PullResponse> = z.object({
  changes: z
    .array(
      z.union([
        z.object({ entity: z.literal('household'), id: z.string(), op: z.literal('upsert'), data: householdCacheViewSchema }),
        z.object({ entity: z.literal('member'), id: z.string(), op: z.literal('upsert'), data: memberViewSchema }),
        z.object({ entity: z.literal('visit'), id: z.string(), op: z.literal('upsert'), data: visitViewSchema }),
        z.object({ entity: z.literal('certification'), id: z.string(), op: z.literal('upsert'), data: certificationViewSchema }),
        deletedSchema
      ])
    )
    .describe('One per record changed in this page, in the order each first changed; `data` is its state now'),
  cursor: z.string().describe('Pass as `since` next time (a decimal integer); equals `since` when nothing changed'),
  hasMore: z.boolean().describe('More changes wait after `cursor`: pull again at once')
})
