import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, HouseholdRow } from '../../db/schema'
import type { Scope } from '../../access/scope'
import { hashToken } from '../../crypto/tokens'
import { notFound } from '../../errors'
import { maskName } from '../../../../src/core/names'
import { inviteAddressMasked } from '../../../../src/core/certification'
import { compareMembers } from '../../../../src/core/householdSummary'
import { HouseholdRepository, addressOf } from '../households/householdRepository'
import { MemberRepository } from '../households/memberRepository'
import { InviteRepository } from './inviteRepository'
import type { WechatCodeClient } from './wechatCodes'

/** Invitations last 30 days unless revoked (issue #8). */
export const INVITE_TTL_MS = 30 * 24 * 3600 * 1000
/** The resident subpackage's page that opens an invitation; the QR code carries the token. */
export const INVITE_PAGE = 'packages/resident/pages/invite/index'

/** What holding a live invitation lets a resident act on: one household. */
export interface InviteGrant {
  tokenHash: string
  expiresAt: string
  household: HouseholdRow
}

export interface InviteLookup {
  village: { name: string }
  addressMasked: string
  members: Array<{ id: string; nameMasked: string; needsPhoneLast4: boolean }>
}

const notFoundInvite = () => notFound('邀请')

/**
 * Household invitations. A resident's session holds no scope (access/principal.ts): the one household
 * it may act on is the one of the invitation token it presents, resolved here on every request
 * (`grant`), so an expired or revoked invitation stops working at once.
 */
export class InviteService {
  private readonly invites: InviteRepository
  private readonly households: HouseholdRepository
  private readonly members: MemberRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly codes: WechatCodeClient
  ) {
    this.invites = new InviteRepository(db)
    this.households = new HouseholdRepository(db)
    this.members = new MemberRepository(db)
  }

  async create(scope: Scope, householdId: string, actorId: string): Promise<{ token: string; expiresAt: string; path: string }> {
    const household = await this.households.findLive(householdId, scope)
    if (!household) throw notFound('户')
    // 24 bytes make 32 base64url characters: WeChat's limit for a 小程序码's scene.
    const token = crypto.randomBytes(24).toString('base64url')
    const now = this.now()
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString()
    await this.invites.insert({
      token_hash: hashToken(token),
      household_id: household.id,
      created_by: actorId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null
    })
    return { token, expiresAt, path: `${INVITE_PAGE}?token=${token}` }
  }

  /** The live invitation of a token, and its live household; 404 when unknown, expired or revoked. */
  async grant(token: string): Promise<InviteGrant> {
    const tokenHash = hashToken(token)
    const invite = await this.invites.findByHash(tokenHash)
    if (!invite || invite.revoked_at || invite.expires_at <= this.now().toISOString()) throw notFoundInvite()
    const household = await this.households.findByIds([invite.household_id])
    if (household.length === 0 || household[0].deleted_at) throw notFoundInvite()
    return { tokenHash, expiresAt: invite.expires_at, household: household[0] }
  }

  async lookup(token: string): Promise<InviteLookup> {
    const { household } = await this.grant(token)
    const village = await this.db.selectFrom('regions').select('name').where('code', '=', household.village_code).executeTakeFirst()
    const rows = await this.members.listByHouseholds([household.id])
    // The household page's order (head first, then oldest), so the resident finds themselves as the worker would.
    const members = rows
      .map((row) => ({ row, order: { isHead: row.is_head === 1, birthYear: row.birth_year, name: row.name, id: row.id } }))
      .sort((a, b) => compareMembers(a.order, b.order))
      .map(({ row }) => row)
    return {
      village: { name: village?.name ?? '' },
      addressMasked: inviteAddressMasked(addressOf(household)),
      members: members.map((member) => ({ id: member.id, nameMasked: maskName(member.name), needsPhoneLast4: member.phone_enc !== null }))
    }
  }

  /** Revoking twice is fine; an invitation of a household outside the scope is not found. */
  async revoke(scope: Scope, token: string): Promise<void> {
    const invite = await this.inScope(scope, token)
    await this.invites.revoke(invite.token_hash, this.now().toISOString())
  }

  /** The 小程序码 of a live invitation: WeChat's wxacode.getUnlimited with the token as its scene. */
  async wxacode(scope: Scope, token: string): Promise<Buffer> {
    await this.inScope(scope, token)
    await this.grant(token)
    return this.codes.unlimitedCode(token, INVITE_PAGE)
  }

  private async inScope(scope: Scope, token: string) {
    const invite = await this.invites.findByHash(hashToken(token))
    if (!invite || !(await this.households.find(invite.household_id, scope))) throw notFoundInvite()
    return invite
  }
}
