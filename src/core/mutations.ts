import { z } from 'zod'
import { householdDeleteSchema, householdUpsertSchema } from './household'
import { memberDeleteSchema, memberUpsertSchema } from './member'
import { memberAppSchema } from './appStatus'
import { visitRecordSchema } from './visit'
import type { FieldError } from './validation'

/**
 * Every write to households, members and visits is one of these mutations, pushed through
 * `POST /api/v1/sync/push`. The schema of each payload is defined once, here, for app and server.
 */
export const MUTATION_PAYLOAD_SCHEMAS = {
  'household.upsert': householdUpsertSchema,
  'household.delete': householdDeleteSchema,
  'member.upsert': memberUpsertSchema,
  'member.delete': memberDeleteSchema,
  'member.app': memberAppSchema,
  'visit.record': visitRecordSchema
} as const

export type MutationType = keyof typeof MUTATION_PAYLOAD_SCHEMAS
export const MUTATION_TYPES = Object.keys(MUTATION_PAYLOAD_SCHEMAS) as MutationType[]
export type MutationPayload<T extends MutationType> = z.infer<(typeof MUTATION_PAYLOAD_SCHEMAS)[T]>

export interface Mutation<T extends MutationType = MutationType> {
  id: string
  type: T
  payload: MutationPayload<T>
  /** Client time, for the record only: order and conflicts follow the server's order. */
  at: string
}

export const MAX_MUTATIONS_PER_PUSH = 500

/** The envelope is checked first; each payload is checked on its own so one bad mutation rejects alone. */
export const mutationEnvelopeSchema = z.strictObject({
  id: z.uuid('格式不正确'),
  type: z.enum(MUTATION_TYPES as [MutationType, ...MutationType[]], '不支持的变更类型'),
  payload: z.unknown(),
  at: z.iso.datetime({ offset: true, message: '应为带时区的时间' })
})

export const pushRequestSchema = z.strictObject({
  clientId: z.uuid('格式不正确'),
  mutations: z.array(mutationEnvelopeSchema)
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export type MutationStatus = 'applied' | 'duplicate' | 'rejected'

export interface MutationError {
  code: 'VALIDATION_FAILED' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT'
  message: string
  details?: FieldError[]
}

export interface MutationResult {
  id: string
  status: MutationStatus
  error?: MutationError
}

export interface PushResponse {
  results: MutationResult[]
  cursor: string
}

export function parseMutationPayload<T extends MutationType>(type: T, payload: unknown) {
  return MUTATION_PAYLOAD_SCHEMAS[type].safeParse(payload) as z.ZodSafeParseResult<MutationPayload<T>>
}
