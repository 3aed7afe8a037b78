import type { HouseholdRow, MemberRow, VisitRow } from '../../../db/schema'
import type { FieldCipher } from '../../../crypto/fieldCipher'
import { maskPhone } from '../../../../../src/core/phone'
import { maskIdNumber } from '../../../../../src/core/idNumber'
import type { Overwrite } from '../recordHistoryRepository'
import type { ApplyContext } from './context'

/** A record's fields as the API names them; `compare` decides "changed", `shown` is what history keeps. */
type Snapshot = Record<string, { compare: unknown; shown: () => unknown }>

const plain = (value: unknown) => ({ compare: value, shown: () => value })

export function householdSnapshot(row: HouseholdRow): Snapshot {
  return {
    gridId: plain(row.grid_id),
    'address.group': plain(row.address_group),
    'address.building': plain(row.address_building),
    'address.unit': plain(row.address_unit),
    'address.door': plain(row.address_door),
    'address.text': plain(row.address_text),
    note: plain(row.note)
  }
}

/** Phone and ID numbers compare by keyed hash and are kept masked: history never holds a full number. */
export function memberSnapshot(row: MemberRow, cipher: FieldCipher): Snapshot {
  return {
    householdId: plain(row.household_id),
    name: plain(row.name),
    gender: plain(row.gender),
    birthYear: plain(row.birth_year),
    phone: { compare: row.phone_hash, shown: () => (row.phone_enc ? maskPhone(cipher.decrypt(row.phone_enc)) : null) },
    idNumber: { compare: row.id_number_hash, shown: () => (row.id_number_enc ? maskIdNumber(cipher.decrypt(row.id_number_enc)) : null) },
    relation: plain(row.relation),
    smartphone: plain(row.smartphone),
    'away.place': plain(row.away_place),
    tags: plain(JSON.parse(row.tags)),
    isHead: plain(row.is_head === 1),
    'app.status': plain(row.app_status),
    'app.alertsOn': plain(row.app_alerts_on === null ? null : row.app_alerts_on === 1),
    'app.region': plain(row.app_region),
    'app.evidence': plain(row.app_evidence),
    'app.reason': plain(row.app_reason)
  }
}

/** Just the head flag: what a new head of household changes in the others. */
export function headFlagSnapshot(isHead: boolean): Snapshot {
  return { isHead: plain(isHead) }
}

export function visitSnapshot(row: VisitRow): Snapshot {
  return {
    householdId: plain(row.household_id),
    kind: plain(row.kind),
    at: plain(row.at),
    actions: plain(JSON.parse(row.actions)),
    note: plain(row.note)
  }
}

/**
 * Keeps every stored (non-null) value that this mutation replaced with a different one, one row per
 * field, with the push's writes: the later server order wins, and the loser stays reviewable.
 */
export function recordOverwrites(
  ctx: ApplyContext,
  record: Pick<Overwrite, 'entity' | 'entityId' | 'gridId' | 'villageCode'>,
  before: Snapshot,
  after: Snapshot
): void {
  const overwrites: Overwrite[] = []
  for (const [field, old] of Object.entries(before)) {
    const next = after[field]
    if (isEmpty(old.compare) || JSON.stringify(old.compare) === JSON.stringify(next.compare)) continue
    overwrites.push({ ...record, field, oldValue: old.shown(), newValue: next.shown() })
  }
  ctx.state.recordOverwrites(overwrites, { mutationId: ctx.mutationId, actorId: ctx.actor.userId, at: ctx.now })
}

/** Nothing was stored: no value to keep (an empty tag list is nothing too). */
function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0)
}
