import type { HouseholdDetail, MemberView } from '@/core/api'
import type { AppStatusValue, Evidence } from '@/core/appStatus'
import type { Gender, PriorityTag, SmartphoneAnswer } from '@/core/member'
import { parseMutationPayload, type MutationInput, type MutationInputOf, type MutationType } from '@/core/mutations'
import { mutationTimeErrors } from '@/core/timeRules'
import { toFieldErrors, type FieldError } from '@/core/validation'

/**
 * A household as the edit form holds it (strings as typed), and the pure step from form to mutations:
 * build each payload, check it with the core schema and time rules (the server's own rules and Chinese
 * messages, against the phone's clock), and keep only what changed since the household was opened.
 */

export const ADDRESS_PARTS = ['group', 'building', 'unit', 'door', 'text'] as const
export type AddressPart = (typeof ADDRESS_PARTS)[number]

export interface AppDraft {
  /** Null while nothing has been recorded for the member. */
  status: AppStatusValue | null
  alertsOn: boolean
  evidence: Evidence
  reason: string
  region: string | null
}

export interface MemberDraft {
  id: string
  name: string
  gender: Gender
  birthYear: string
  /** A new number typed by the worker; empty keeps the stored one (which the app only sees masked). */
  phone: string
  phoneMasked: string | null
  relation: string
  smartphone: SmartphoneAnswer
  away: boolean
  awayPlace: string
  tags: PriorityTag[]
  isHead: boolean
  app: AppDraft
}

export interface HouseholdDraft {
  id: string
  gridId: string
  address: Record<AddressPart, string>
  note: string
  members: MemberDraft[]
}

export interface DraftErrors {
  household: FieldError[]
  /** By member id. */
  members: Record<string, FieldError[]>
}

export interface SavePlan {
  mutations: MutationInput[]
  errors: DraftErrors | null
}

export function newHouseholdDraft(id: string, gridId: string): HouseholdDraft {
  return { id, gridId, address: { group: '', building: '', unit: '', door: '', text: '' }, note: '', members: [] }
}

export function newMemberDraft(id: string, isHead: boolean): MemberDraft {
  return {
    id,
    name: '',
    gender: 'unknown',
    birthYear: '',
    phone: '',
    phoneMasked: null,
    relation: isHead ? '本人' : '',
    smartphone: 'yes',
    away: false,
    awayPlace: '',
    tags: [],
    isHead,
    // A worker records what they see at the door: in person.
    app: { status: null, alertsOn: false, evidence: 'in_person', reason: '', region: null }
  }
}

export function draftFromDetail(detail: HouseholdDetail): HouseholdDraft {
  const address = detail.address ?? {}
  return {
    id: detail.id,
    gridId: detail.gridId,
    address: {
      group: address.group ?? '',
      building: address.building ?? '',
      unit: address.unit ?? '',
      door: address.door ?? '',
      text: address.text ?? ''
    },
    note: detail.note ?? '',
    members: detail.members.map(memberDraftFromView)
  }
}

function memberDraftFromView(member: MemberView): MemberDraft {
  return {
    id: member.id,
    name: member.name,
    gender: member.gender ?? 'unknown',
    birthYear: member.birthYear == null ? '' : String(member.birthYear),
    phone: '',
    phoneMasked: member.phoneMasked,
    relation: member.relation ?? '',
    smartphone: member.smartphone,
    away: Boolean(member.away),
    awayPlace: member.away?.place ?? '',
    tags: member.tags ?? [],
    isHead: member.isHead,
    app: member.app
      ? {
          status: member.app.status,
          alertsOn: member.app.alertsOn,
          evidence: member.app.evidence,
          reason: '',
          region: member.app.region
        }
      : { status: null, alertsOn: false, evidence: 'in_person', reason: '', region: null }
  }
}

function householdPayload(draft: HouseholdDraft) {
  const address: Partial<Record<AddressPart, string>> = {}
  for (const part of ADDRESS_PARTS) {
    if (draft.address[part].trim()) address[part] = draft.address[part]
  }
  return { id: draft.id, gridId: draft.gridId, address, note: draft.note }
}

function memberPayload(householdId: string, member: MemberDraft) {
  return {
    id: member.id,
    householdId,
    name: member.name,
    gender: member.gender,
    birthYear: member.birthYear.trim() === '' ? undefined : Number(member.birthYear.trim()),
    phone: member.phone.trim() === '' ? undefined : member.phone,
    relation: member.relation,
    smartphone: member.smartphone,
    away: member.away ? { place: member.awayPlace } : null,
    tags: member.tags,
    isHead: member.isHead
  }
}

/** Null when nothing is recorded, or when the member has no smartphone (then there is no app to record). */
function appPayload(member: MemberDraft) {
  if (member.app.status === null || member.smartphone === 'no') return null
  return {
    memberId: member.id,
    status: member.app.status,
    alertsOn: member.app.alertsOn,
    region: member.app.region ?? undefined,
    evidence: member.app.evidence,
    reason: member.app.status === 'refused' ? member.app.reason : undefined
  }
}

/**
 * The mutations that save `draft`, in the order the server must apply them: the household, then its
 * members, then their app status, then removed members. `original` is the household as loaded (null
 * for a new one); unchanged parts produce no mutation. `now` is the phone's clock, for the time rules.
 */
export function planSave(original: HouseholdDraft | null, draft: HouseholdDraft, now: Date): SavePlan {
  const errors: DraftErrors = { household: [], members: {} }
  const upserts: MutationInput[] = []
  const apps: MutationInput[] = []
  const deletes: MutationInput[] = []
  const originalMembers = new Map((original?.members ?? []).map((member) => [member.id, member]))

  const household = check('household.upsert', householdPayload(draft), original && householdPayload(original), now)
  if (household.errors) errors.household = household.errors
  const head = household.input ? [household.input] : []

  for (const member of draft.members) {
    const before = originalMembers.get(member.id)
    const upsert = check('member.upsert', memberPayload(draft.id, member), before && memberPayload(draft.id, before), now)
    const app = appPayload(member)
    const appCheck = app ? check('member.app', app, before ? appPayload(before) : null, now) : {}
    const memberErrors = [...(upsert.errors ?? []), ...(appCheck.errors ?? [])]
    if (memberErrors.length) errors.members[member.id] = memberErrors
    if (upsert.input) upserts.push(upsert.input)
    if (appCheck.input) apps.push(appCheck.input)
  }

  const kept = new Set(draft.members.map((member) => member.id))
  for (const member of original?.members ?? []) {
    if (!kept.has(member.id)) deletes.push({ type: 'member.delete', payload: { id: member.id } })
  }

  const invalid = errors.household.length > 0 || Object.keys(errors.members).length > 0
  if (invalid) return { mutations: [], errors }
  return { mutations: [...head, ...upserts, ...apps, ...deletes], errors: null }
}

/** Validates a payload; yields the mutation only when it differs from what was loaded. */
function check<T extends MutationType>(
  type: T,
  payload: object,
  before: object | null | undefined,
  now: Date
): { input?: MutationInputOf<T>; errors?: FieldError[] } {
  const parsed = parseMutationPayload(type, payload)
  const errors = [...(parsed.success ? [] : toFieldErrors(parsed.error.issues)), ...mutationTimeErrors(type, payload, now)]
  if (!parsed.success || errors.length > 0) return { errors }
  if (before && sameJson(before, payload)) return {}
  return { input: { type, payload: parsed.data } }
}

function sameJson(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Errors of one field, for showing under it. */
export function errorFor(errors: ReadonlyArray<FieldError> | undefined, field: string): string | undefined {
  return errors?.find((error) => error.field === field || error.field.startsWith(`${field}.`))?.message
}

export function firstError(errors: DraftErrors): string {
  return errors.household[0]?.message ?? Object.values(errors.members)[0]?.[0]?.message ?? '请检查填写的内容'
}
