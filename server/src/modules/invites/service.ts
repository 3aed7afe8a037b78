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
import type { AuditLog } from '../audit/auditLog'
import { SessionService } from '../../access/sessions'
import type { StaffPrincipal } from '../../access/principal'

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
    private readonly codes: WechatCodeClient,
    private readonly auditLog: AuditLog
  ) {
    this.invites = new InviteRepository(db)
    this.households = new HouseholdRepository(db)
    this.members = new MemberRepository(db)
  }

  async create(staff: Pick<StaffPrincipal, 'scope' | 'role'> & { user: { id: string } }, householdId: string): Promise<{ token: string; expiresAt: string; path: string }> {
    const household = await this.households.findLive(householdId, staff.scope)
    if (!household) throw notFound('户')
    // 24 bytes make 32 base64url characters: WeChat's limit for a 小程序码's scene.
    const token = crypto.randomBytes(24).toString('base64url')
    const now = this.now()
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString()
    await this.db.transaction().execute(async (trx) => {
      await new InviteRepository(trx).insert({
        token_hash: hashToken(token),
        household_id: household.id,
        county_code: household.county_code,
        created_by: staff.user.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null
      })
      await this.auditLog.record(trx, {
        actor: { id: staff.user.id, role: staff.role },
        action: 'invite.create',
        target: inviteTarget(hashToken(token)),
        result: 'success',
        details: { householdId: household.id, expiresAt }
      })
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
  async revoke(staff: Pick<StaffPrincipal, 'scope' | 'role'> & { user: { id: string } }, token: string): Promise<void> {
    const invite = await this.inScope(staff.scope, token)
    await this.db.transaction().execute(async (trx) => {
      await new InviteRepository(trx).revoke(invite.token_hash, this.now().toISOString())
      await this.auditLog.record(trx, {
        actor: { id: staff.user.id, role: staff.role },
        action: 'invite.revoke',
        target: inviteTarget(invite.token_hash),
        result: 'success',
        details: { householdId: invite.household_id, alreadyRevoked: invite.revoked_at !== null }
      })
    })
  }

  /**
   * A browser resident's sign-in with the invitation it opened (POST /auth/invitation): a session holding
   * this one invitation, audited with it; an unusable invitation is audited as a failed sign-in.
   */
  async signIn(token: string): Promise<{ token: string; expiresAt: string }> {
    let grant: InviteGrant
    try {
      grant = await this.grant(token)
    } catch (error) {
      await this.db.transaction().execute((trx) =>
        this.auditLog.record(trx, { actor: null, action: 'auth.login', target: inviteTarget(hashToken(token)), result: 'failure', details: { method: 'invitation', reason: 'invalid_invitation' } })
      )
      throw error
    }
    return this.db.transaction().execute(async (trx) => {
      const session = await new SessionService(trx, this.now).create({ userId: null, wechatOpenid: null, invite: { tokenHash: grant.tokenHash, expiresAt: grant.expiresAt } })
      await this.auditLog.record(trx, {
        actor: null,
        action: 'auth.login',
        target: inviteTarget(grant.tokenHash),
        result: 'success',
        details: { method: 'invitation', householdId: grant.household.id }
      })
      return session
    })
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

/** An invitation as the audit log names it: the token is a credential, so by a prefix of its hash. */
function inviteTarget(tokenHash: string): string {
  return `invite/${tokenHash.slice(0, 16)}`
}
