import type { MutationPayload } from '../../../../../src/core/mutations'
import type { FieldCipher } from '../../../crypto/fieldCipher'
import type { HouseholdRow, MemberRow } from '../../../db/schema'
import { notFound } from '../../../errors'
import { locationOf, type HouseholdLocation } from '../../households/householdRepository'
import { phoneMaskHash } from '../../households/memberRepository'
import type { Change } from '../changeLogRepository'
import { liveHouseholdInScope, movedOrUpserted, upserted, type ApplyContext } from './context'
import { headFlagSnapshot, memberSnapshot, recordOverwrites } from './history'

type MemberUpsert = MutationPayload<'member.upsert'>

/**
 * Creates or updates a member by client UUID. Optional fields left out keep what is stored (the later
 * mutation wins field by field); an empty phone or ID number clears it. A member marked head makes
 * every other member of the household a non-head. Values it replaces are kept in the record's history.
 */
export function applyMemberUpsert(ctx: ApplyContext, payload: MemberUpsert): Change[] {
  const household = liveHouseholdInScope(ctx, payload.householdId, '户')
  const existing = ctx.state.member(payload.id)
  if (existing?.deleted_at) throw notFound('成员')
  const target = locationOf(household)
  const stamp = { updated_at: ctx.now, updated_by: ctx.actor.userId }

  let changes: Change[]
  if (!existing) {
    ctx.state.put('members', newMember(ctx, payload, household))
    changes = [upserted('member', payload.id, target)]
  } else {
    const from = previousLocation(ctx, existing.household_id, household.id)
    const updated: MemberRow = { ...existing, ...payloadColumns(payload, existing, ctx.cipher), household_id: household.id, version: existing.version + 1, ...stamp }
    ctx.state.put('members', updated)
    recordOverwrites(ctx, memberRecord(existing.id, from ?? target), memberSnapshot(existing), memberSnapshot(updated))
    changes = movedOrUpserted('member', existing.id, from ?? target, target)
  }
  if (payload.isHead) {
    const demoted = ctx.state.liveMembersOf(household.id).filter((member) => member.id !== payload.id && member.is_head === 1)
    for (const member of demoted) {
      ctx.state.put('members', { ...member, is_head: 0, version: member.version + 1, ...stamp })
      recordOverwrites(ctx, memberRecord(member.id, target), headFlagSnapshot(true), headFlagSnapshot(false))
    }
    changes.push(...demoted.map((member) => upserted('member', member.id, target)))
  }
  return changes
}

function memberRecord(id: string, at: HouseholdLocation) {
  return { entity: 'member' as const, entityId: id, ...at }
}

/** The fields a member.upsert payload sets. */
type PayloadColumns = Pick<
  MemberRow,
  'name' | 'smartphone' | 'gender' | 'birth_year' | 'relation' | 'away_place' | 'tags' | 'is_head' | 'phone_enc' | 'phone_hash' | 'phone_mask_hash' | 'id_number_enc' | 'id_number_hash'
>

/** A new member's values of the fields a payload may leave out. */
const NEW_MEMBER_FIELDS: Omit<PayloadColumns, 'name' | 'smartphone'> = {
  gender: 'unknown',
  birth_year: null,
  relation: null,
  away_place: null,
  tags: '[]',
  is_head: 0,
  phone_enc: null,
  phone_hash: null,
  phone_mask_hash: null,
  id_number_enc: null,
  id_number_hash: null
}

/** A new member: the payload's fields, no app status yet, in its household's county. */
function newMember(ctx: ApplyContext, payload: MemberUpsert, household: HouseholdRow): MemberRow {
  return {
    id: payload.id,
    household_id: household.id,
    county_code: household.county_code,
    ...payloadColumns(payload, NEW_MEMBER_FIELDS, ctx.cipher),
    app_status: null,
    app_alerts_on: null,
    app_region: null,
    app_evidence: null,
    app_reason: null,
    app_recorded_by: null,
    app_updated_at: null,
    version: 1,
    created_at: ctx.now,
    created_by: ctx.actor.userId,
    updated_at: ctx.now,
    updated_by: ctx.actor.userId,
    deleted_at: null,
    deleted_by: null
  }
}

/** Where a member moving between households came from; the old household must be covered too. */
function previousLocation(ctx: ApplyContext, previousHouseholdId: string, householdId: string) {
  if (previousHouseholdId === householdId) return null
  const previous = ctx.state.householdInScope(previousHouseholdId)
  if (!previous) throw notFound('成员')
  return locationOf(previous)
}

/**
 * The columns this payload sets: the required fields always, optional ones when present (an empty phone
 * or ID number clears it), else as `kept` has them (the stored member, or a new member's defaults). Every
 * column is spelled out: the same object built from conditional spreads, spread over defaults, took
 * longer than encrypting the phone number (a push creates hundreds of members).
 */
function payloadColumns(payload: MemberUpsert, kept: Omit<PayloadColumns, 'name' | 'smartphone'>, cipher: FieldCipher): PayloadColumns {
  const phone = payload.phone !== undefined ? sealed(payload.phone, cipher) : { enc: kept.phone_enc, hash: kept.phone_hash }
  const idNumber = payload.idNumber !== undefined ? sealed(payload.idNumber, cipher) : { enc: kept.id_number_enc, hash: kept.id_number_hash }
  return {
    name: payload.name,
    smartphone: payload.smartphone,
    gender: payload.gender !== undefined ? payload.gender : kept.gender,
    birth_year: payload.birthYear !== undefined ? payload.birthYear : kept.birth_year,
    relation: payload.relation !== undefined ? payload.relation || null : kept.relation,
    away_place: payload.away !== undefined ? (payload.away?.place ?? null) : kept.away_place,
    tags: payload.tags !== undefined ? JSON.stringify([...new Set(payload.tags)]) : kept.tags,
    is_head: payload.isHead !== undefined ? (payload.isHead ? 1 : 0) : kept.is_head,
    phone_enc: phone.enc,
    phone_hash: phone.hash,
    phone_mask_hash: payload.phone !== undefined ? phoneMaskHash(payload.phone, cipher) : kept.phone_mask_hash,
    id_number_enc: idNumber.enc,
    id_number_hash: idNumber.hash
  }
}

/** A phone or ID number (already normalized by the core schema) encrypted, with its keyed hash; none for an empty one. */
function sealed(value: string, cipher: FieldCipher): { enc: string | null; hash: string | null } {
  return value === '' ? { enc: null, hash: null } : { enc: cipher.encrypt(value), hash: cipher.hash(value) }
}
