import { z } from 'zod'
import type { householdDeleteSchema, householdMoveSchema, householdUpsertSchema } from '../household'
import type { memberDeleteSchema, memberUpsertSchema } from '../member'
import type { memberAppSchema } from '../appStatus'
import type { visitRecordSchema } from '../visit'
import type { certificationReviewSchema } from '../certification'
import type { FieldError } from '../validation'
import { mutationTimeErrors } from '../timeRules'
import { CST_OFFSET_MS } from '../period'
import type { LocalContext, LocalGrid } from '../localGrid'
import type { MutationDefinition } from './definition'
import { householdUpsert } from './householdUpsert'
import { householdDelete } from './householdDelete'
import { householdMove } from './householdMove'
import { memberUpsert } from './memberUpsert'
import { memberDelete } from './memberDelete'
import { memberApp } from './memberApp'
import { visitRecord } from './visitRecord'
import { certificationReview } from './certificationReview'

/**
 * Every write to households, members and visits is one of these mutations, pushed through
 * `POST /api/v1/sync/push`: the types of API.md with their payloads. Adding a type is one module
 * here (schema, local apply, description, households touched) plus one applier on the server
 * (server/src/modules/sync/appliers/applyMutation.ts); both registries are typed over this list, so a type
 * without either does not compile (docs/architecture.md, "How to add a mutation type").
 */
export interface MutationPayloads {
  'household.upsert': z.output<typeof householdUpsertSchema>
  'household.delete': z.output<typeof householdDeleteSchema>
  'household.move': z.output<typeof householdMoveSchema>
  'member.upsert': z.output<typeof memberUpsertSchema>
  'member.delete': z.output<typeof memberDeleteSchema>
  'member.app': z.output<typeof memberAppSchema>
  'visit.record': z.output<typeof visitRecordSchema>
  'certification.review': z.output<typeof certificationReviewSchema>
}

export type MutationType = keyof MutationPayloads
export type MutationPayload<T extends MutationType> = MutationPayloads[T]

/** The one definition of each type. */
export const MUTATIONS: { readonly [T in MutationType]: MutationDefinition<MutationPayloads[T]> } = {
  'household.upsert': householdUpsert,
  'household.delete': householdDelete,
  'household.move': householdMove,
  'member.upsert': memberUpsert,
  'member.delete': memberDelete,
  'member.app': memberApp,
  'visit.record': visitRecord,
  'certification.review': certificationReview
}

function isMutationType(value: string): value is MutationType {
  return Object.prototype.hasOwnProperty.call(MUTATIONS, value)
}

export const MUTATION_TYPES: ReadonlyArray<MutationType> = Object.keys(MUTATIONS).filter(isMutationType)

/** A change as a page makes it, before the outbox gives it an id and a time. */
export interface MutationInputOf<T extends MutationType> {
  type: T
  payload: MutationPayloads[T]
}
export type MutationInput = { [T in MutationType]: MutationInputOf<T> }[MutationType]

export type MutationOf<T extends MutationType> = MutationInputOf<T> & {
  id: string
  /** Client time, for the record only: order and conflicts follow the server's order. */
  at: string
}
/** A mutation of any type (or of the types named): a union discriminated by `type`. */
export type Mutation<T extends MutationType = MutationType> = { [K in T]: MutationOf<K> }[T]

export const MAX_MUTATIONS_PER_PUSH = 500

/** The envelope is checked first; each payload is checked on its own so one bad mutation rejects alone. */
export const mutationEnvelopeSchema = z.strictObject({
  id: z.uuid('格式不正确'),
  type: z.enum(MUTATION_TYPES, '不支持的变更类型'),
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
  /**
   * The change is about a household that was deleted (the delete wins): when, and by whom. Only a
   * pusher whose scope covers the household learns this; anyone else gets the plain NOT_FOUND.
   */
  householdDeleted?: HouseholdDeletion
}

export interface HouseholdDeletion {
  /** When the server applied the delete, ISO UTC. */
  at: string
  /** Who deleted it, masked (王*明). */
  byNameMasked: string
}

/** 该户已于 12月1日 14:05 被 王*明 删除 (the time in China, where the campaign runs). */
export function householdDeletedMessage({ at, byNameMasked }: HouseholdDeletion): string {
  const china = new Date(Date.parse(at) + CST_OFFSET_MS)
  const hhmm = `${String(china.getUTCHours()).padStart(2, '0')}:${String(china.getUTCMinutes()).padStart(2, '0')}`
  return `该户已于 ${china.getUTCMonth() + 1}月${china.getUTCDate()}日 ${hhmm} 被 ${byNameMasked} 删除`
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

export function parseMutationPayload<T extends MutationType>(type: T, payload: unknown): z.ZodSafeParseResult<MutationPayloads[T]> {
  const definition: MutationDefinition<MutationPayloads[T]> = MUTATIONS[type]
  return definition.schema.safeParse(payload)
}

/**
 * The phone's copy as it will be once the server applies `mutation`. The payload is checked with its
 * schema and time rules first, as the server does (the phone's clock standing in for the server's; and
 * normalized the same way: trimmed text, numbers without +86): a payload the server would refuse
 * changes nothing here either.
 */
export function applyMutationLocally<T extends MutationType>(grid: LocalGrid, mutation: MutationOf<T>, context: LocalContext): LocalGrid {
  const payload = validPayload(mutation, context.now)
  return payload ? MUTATIONS[mutation.type].applyLocally(grid, payload, context) : grid
}

/** The payload as the server would apply it, or null when the server would refuse it. */
function validPayload<T extends MutationType>(mutation: MutationInputOf<T>, now: Date): MutationPayloads[T] | null {
  const definition: MutationDefinition<MutationPayloads[T]> = MUTATIONS[mutation.type]
  const parsed = definition.schema.safeParse(mutation.payload)
  return parsed.success && mutationTimeErrors(mutation.type, mutation.payload, now).length === 0 ? parsed.data : null
}

export function applyMutationsLocally(grid: LocalGrid, mutations: ReadonlyArray<Mutation>, context: LocalContext): LocalGrid {
  return mutations.reduce((current: LocalGrid, mutation) => applyMutationLocally(current, mutation, context), grid)
}

/** One line saying what a queued change is, for the sync page's lists of waiting and refused changes. */
export function describeMutation<T extends MutationType>(mutation: MutationInputOf<T>): string {
  const definition: MutationDefinition<MutationPayloads[T]> = MUTATIONS[mutation.type]
  return definition.describe(mutation.payload)
}

/**
 * The distinct households that waiting changes are about, each found in the copy as it stands when
 * that change comes (a member added and then given an app status counts its household once).
 */
export function householdsTouchedBy(grid: LocalGrid, mutations: ReadonlyArray<Mutation>, context: LocalContext): Set<string> {
  const touched = new Set<string>()
  mutations.reduce((current: LocalGrid, mutation) => {
    touchedBy(current, mutation, context.now).forEach((id) => touched.add(id))
    return applyMutationLocally(current, mutation, context)
  }, grid)
  return touched
}

function touchedBy<T extends MutationType>(grid: LocalGrid, mutation: MutationInputOf<T>, now: Date): string[] {
  const payload = validPayload(mutation, now)
  return payload ? MUTATIONS[mutation.type].householdsTouched(grid, payload) : []
}
