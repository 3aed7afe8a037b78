import type { Kysely } from 'kysely'
import { ROLE_LABELS } from '../../../../src/core/api'
import { maskName } from '../../../../src/core/names'
import {
  BADGE_BATCH_HOURS,
  BADGE_GRACE_SECONDS,
  BADGE_SLOT_SECONDS,
  type BadgeCheck,
  type BadgeIssue,
  type BadgeSlotToken
} from '../../../../src/core/badge'
import type { Database } from '../../db/schema'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { notFound } from '../../errors'

const VERSION = 'b1'
const SLOTS_PER_BATCH = (BADGE_BATCH_HOURS * 3600) / BADGE_SLOT_SECONDS
const INVALID: BadgeCheck = { valid: false, nameMasked: null, role: null, village: null, grid: null }

/**
 * Badge tokens: `b1.<user id>.<slot>.<mac>`, where slot = unix seconds / 300 and mac is a keyed hash
 * (HMAC-SHA256 under a key derived from the data key, so no new secret to configure) of the rest, cut
 * to 128 bits. Nothing is stored: a token is valid while its slot (± the grace) is now, its mac checks
 * and its user is still an enabled grid worker — so disabling a worker voids the batch on their phone.
 */
export class BadgeService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly cipher: FieldCipher
  ) {}

  async issue(userId: string): Promise<BadgeIssue> {
    const user = await this.db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst()
    if (!user) throw notFound('用户')
    const first = Math.floor(this.now().getTime() / 1000 / BADGE_SLOT_SECONDS)
    const batch: BadgeSlotToken[] = []
    for (let slot = first; slot < first + SLOTS_PER_BATCH; slot++) {
      batch.push({
        token: this.sign(userId, slot),
        validFrom: new Date(slot * BADGE_SLOT_SECONDS * 1000).toISOString(),
        expiresAt: new Date((slot + 1) * BADGE_SLOT_SECONDS * 1000).toISOString()
      })
    }
    return { token: batch[0].token, expiresAt: batch[0].expiresAt, nameMasked: maskName(user.name), batch }
  }

  /** Anything not a live token of an enabled grid worker is simply invalid, and says nothing about whom. */
  async check(token: string): Promise<BadgeCheck> {
    const parsed = this.verify(token)
    if (!parsed) return INVALID
    const user = await this.db
      .selectFrom('users')
      .leftJoin('regions', 'regions.code', 'users.scope_region_code')
      .select(['users.name', 'users.role', 'users.disabled_at', 'regions.name as village'])
      .where('users.id', '=', parsed.userId)
      .executeTakeFirst()
    if (!user || user.disabled_at !== null || user.role !== 'grid_worker') return INVALID
    const grids = await this.db
      .selectFrom('user_grids')
      .innerJoin('grids', 'grids.id', 'user_grids.grid_id')
      .select('grids.name')
      .where('user_grids.user_id', '=', parsed.userId)
      .orderBy('grids.name')
      .execute()
    return {
      valid: true,
      nameMasked: maskName(user.name),
      role: ROLE_LABELS.grid_worker,
      village: user.village ?? null,
      grid: grids.length > 0 ? grids.map((grid) => grid.name).join('、') : null
    }
  }

  private sign(userId: string, slot: number): string {
    const body = `${VERSION}.${userId}.${slot.toString(36)}`
    return `${body}.${this.mac(body)}`
  }

  private mac(body: string): string {
    // The lookup hash's key, domain-separated by a prefix no looked-up value (a phone or ID number) has.
    return Buffer.from(this.cipher.hash(`wuzha:badge|${body}`), 'hex').subarray(0, 16).toString('base64url')
  }

  private verify(token: string): { userId: string } | null {
    const parts = token.split('.')
    if (parts.length < 4 || parts[0] !== VERSION) return null
    const mac = parts[parts.length - 1]
    const slotText = parts[parts.length - 2]
    const userId = parts.slice(1, -2).join('.')
    const body = `${VERSION}.${userId}.${slotText}`
    if (!/^[0-9a-z]{1,12}$/.test(slotText) || !timingSafeEqualText(this.mac(body), mac)) return null
    const slot = parseInt(slotText, 36)
    const nowSeconds = this.now().getTime() / 1000
    const from = slot * BADGE_SLOT_SECONDS - BADGE_GRACE_SECONDS
    const until = (slot + 1) * BADGE_SLOT_SECONDS + BADGE_GRACE_SECONDS
    return nowSeconds >= from && nowSeconds < until ? { userId } : null
  }
}

function timingSafeEqualText(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false
  let difference = 0
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i)
  return difference === 0
}
