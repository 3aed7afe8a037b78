import type { HouseholdRow, MemberRow, VisitRow } from '../../../db/schema'
import type { FieldCipher } from '../../../crypto/fieldCipher'
import { maskPhone } from '../../../../../src/core/phone'
import { maskIdNumber } from '../../../../../src/core/idNumber'
import type { Overwrite } from '../recordHistoryRepository'
import type { ApplyContext } from './context'

/**
 * A record's field as the API names it: `compare` decides "changed"; history keeps `shown`, or for a
 * phone or ID number the mask of the decrypted `sealed` value, decrypted only when it changed. Plain
 * data, no closure per field: tsx, which runs the server, names every closure it creates, and that
 * made the two snapshots of each member a push updates cost more than comparing them.
 */
type Field = { compare: unknown; shown: unknown } | { compare: string | null; sealed: string | null; mask: (plain: string) => string }
type Snapshot = Record<string, Field>

const plain = (value: unknown): Field => ({ compare: value, shown: value })

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
export function memberSnapshot(row: MemberRow): Snapshot {
  return {
    householdId: plain(row.household_id),
    name: plain(row.name),
    gender: plain(row.gender),
    birthYear: plain(row.birth_year),
    phone: { compare: row.phone_hash, sealed: row.phone_enc, mask: maskPhone },
    idNumber: { compare: row.id_number_hash, sealed: row.id_number_enc, mask: maskIdNumber },
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
    if (isEmpty(old.compare) || same(old.compare, next.compare)) continue
    overwrites.push({ ...record, field, oldValue: shown(old, ctx.cipher), newValue: shown(next, ctx.cipher) })
  }
  ctx.state.recordOverwrites(overwrites, { mutationId: ctx.mutationId, actorId: ctx.actor.userId, at: ctx.now })
}

/** Equal as stored: values as they are, lists (tags, actions) by their JSON. */
function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b))
}

function shown(field: Field, cipher: FieldCipher): unknown {
  if (!('sealed' in field)) return field.shown
  return field.sealed ? field.mask(cipher.decrypt(field.sealed)) : null
}

/** Nothing was stored: no value to keep (an empty tag list is nothing too). */
function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0)
}
