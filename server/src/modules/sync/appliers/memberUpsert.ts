import type { MutationPayload } from '../../../../../src/core/mutations'
import type { FieldCipher } from '../../../crypto/fieldCipher'
import type { MemberRow, NewMember } from '../../../db/schema'
import { notFound } from '../../../errors'
import { locationOf, type HouseholdLocation } from '../../households/householdRepository'
import { phoneMaskHash, type MemberUpdate } from '../../households/memberRepository'
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
  const columns = payloadColumns(payload, ctx.cipher)
  const stamp = { updated_at: ctx.now, updated_by: ctx.actor.userId }

  let changes: Change[]
  if (!existing) {
    ctx.state.put('members', { ...NEW_MEMBER, ...columns, id: payload.id, household_id: household.id, county_code: household.county_code, created_at: ctx.now, created_by: ctx.actor.userId, ...stamp })
    changes = [upserted('member', payload.id, target)]
  } else {
    const from = previousLocation(ctx, existing.household_id, household.id)
    const updated: MemberRow = { ...existing, ...columns, household_id: household.id, version: existing.version + 1, ...stamp }
    ctx.state.put('members', updated)
    recordOverwrites(ctx, memberRecord(existing.id, from ?? target), memberSnapshot(existing, ctx.cipher), memberSnapshot(updated, ctx.cipher))
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

const NEW_MEMBER: Omit<MemberRow, 'id' | 'household_id' | 'county_code' | 'name' | 'smartphone' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'> = {
  gender: 'unknown',
  birth_year: null,
  phone_enc: null,
  phone_hash: null,
  phone_mask_hash: null,
  id_number_enc: null,
  id_number_hash: null,
  relation: null,
  away_place: null,
  tags: '[]',
  is_head: 0,
  app_status: null,
  app_alerts_on: null,
  app_region: null,
  app_evidence: null,
  app_reason: null,
  app_recorded_by: null,
  app_updated_at: null,
  version: 1,
  deleted_at: null,
  deleted_by: null
}

/** Where a member moving between households came from; the old household must be covered too. */
function previousLocation(ctx: ApplyContext, previousHouseholdId: string, householdId: string) {
  if (previousHouseholdId === householdId) return null
  const previous = ctx.state.householdInScope(previousHouseholdId)
  if (!previous) throw notFound('成员')
  return locationOf(previous)
}

/** The columns this payload sets: the required fields always, optional ones only when present. */
function payloadColumns(payload: MemberUpsert, cipher: FieldCipher): Pick<NewMember, 'name' | 'smartphone'> & MemberUpdate {
  return {
    name: payload.name,
    smartphone: payload.smartphone,
    ...(payload.gender !== undefined ? { gender: payload.gender } : {}),
    ...(payload.birthYear !== undefined ? { birth_year: payload.birthYear } : {}),
    ...(payload.relation !== undefined ? { relation: payload.relation || null } : {}),
    ...(payload.away !== undefined ? { away_place: payload.away?.place ?? null } : {}),
    ...(payload.tags !== undefined ? { tags: JSON.stringify([...new Set(payload.tags)]) } : {}),
    ...(payload.isHead !== undefined ? { is_head: payload.isHead ? 1 : 0 } : {}),
    ...(payload.phone !== undefined ? { ...sealed(payload.phone, cipher, 'phone'), phone_mask_hash: phoneMaskHash(payload.phone, cipher) } : {}),
    ...(payload.idNumber !== undefined ? sealed(payload.idNumber, cipher, 'id_number') : {})
  }
}

/** A phone or ID number (already normalized by the core schema) encrypted, with its keyed hash. */
function sealed<P extends 'phone' | 'id_number'>(value: string, cipher: FieldCipher, prefix: P) {
  const columns = value === '' ? { enc: null, hash: null } : { enc: cipher.encrypt(value), hash: cipher.hash(value) }
  return { [`${prefix}_enc`]: columns.enc, [`${prefix}_hash`]: columns.hash } as Record<`${P}_enc` | `${P}_hash`, string | null>
}
