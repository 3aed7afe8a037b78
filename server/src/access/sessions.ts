import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { User } from '../../../src/core/api'
import { hashToken, newToken } from '../crypto/tokens'
import { UserRepository } from './userRepository'

/**
 * Sessions expire when idle: a web login after 12 hours, a resident's (WeChat or browser, both renewed
 * silently) after 7 days — a browser resident's never after its invitation.
 */
export const PASSWORD_IDLE_MS = 12 * 3600 * 1000
export const WECHAT_IDLE_MS = 7 * 24 * 3600 * 1000
/** Sliding expiry is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000

export interface AuthenticatedSession {
  tokenHash: string
  /** null for a resident: an unbound WeChat identity, or a browser that opened an invitation. */
  user: User | null
  wechatOpenid: string | null
  /** A browser resident: the identity the server made for it, and the one invitation it holds. */
  browser: { residentKey: string; inviteTokenHash: string } | null
}

/** The invitation a browser resident's session is bound to: it ends no later than the invitation. */
export interface SessionInvite {
  tokenHash: string
  expiresAt: string
}

export class SessionService {
  private readonly users: UserRepository
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date()
  ) {
    this.users = new UserRepository(db)
  }

  async create(input: { userId: string | null; wechatOpenid: string | null; invite?: SessionInvite }): Promise<{ token: string; expiresAt: string }> {
    const token = newToken()
    const now = this.now()
    const invite = input.invite ?? null
    const expiresAt = this.idleExpiry(now, { resident: input.wechatOpenid !== null || invite !== null, inviteExpiresAt: invite?.expiresAt ?? null })
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: input.userId,
        wechat_openid: input.wechatOpenid,
        resident_key: invite ? crypto.randomUUID() : null,
        invite_token_hash: invite?.tokenHash ?? null,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null
      })
      .execute()
    return { token, expiresAt }
  }

  /**
   * The live session of a bearer token, sliding its idle expiry; null when unknown, expired or revoked,
   * and for a browser resident also when its invitation is revoked or expired: the invitation is its credential.
   */
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    const tokenHash = hashToken(token)
    const session = await this.db
      .selectFrom('sessions as s')
      .leftJoin('invites as i', 'i.token_hash', 's.invite_token_hash')
      .selectAll('s')
      .select(['i.expires_at as invite_expires_at', 'i.revoked_at as invite_revoked_at'])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst()
    const now = this.now()
    if (!session || session.revoked_at || session.expires_at <= now.toISOString()) return null
    const browser = session.resident_key && session.invite_token_hash ? { residentKey: session.resident_key, inviteTokenHash: session.invite_token_hash } : null
    if (session.invite_token_hash && (!session.invite_expires_at || session.invite_revoked_at || session.invite_expires_at <= now.toISOString())) return null
    let user: User | null = null
    if (session.user_id) {
      const row = await this.users.findRowById(session.user_id)
      if (!row) return null
      user = await this.users.toUser(row)
    }
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
      await this.db
        .updateTable('sessions')
        .set({
          last_seen_at: now.toISOString(),
          expires_at: this.idleExpiry(now, { resident: session.wechat_openid !== null || browser !== null, inviteExpiresAt: session.invite_expires_at })
        })
        .where('token_hash', '=', tokenHash)
        .execute()
    }
    return { tokenHash, user, wechatOpenid: session.wechat_openid, browser }
  }

  async bindUser(tokenHash: string, userId: string): Promise<void> {
    await this.db.updateTable('sessions').set({ user_id: userId }).where('token_hash', '=', tokenHash).execute()
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.now().toISOString() }).where('token_hash', '=', tokenHash).execute()
  }

  /** Idle expiry from now; a browser resident's is capped at its invitation's expiry. */
  private idleExpiry(now: Date, session: { resident: boolean; inviteExpiresAt: string | null }): string {
    const idle = new Date(now.getTime() + (session.resident ? WECHAT_IDLE_MS : PASSWORD_IDLE_MS)).toISOString()
    return session.inviteExpiresAt && session.inviteExpiresAt < idle ? session.inviteExpiresAt : idle
  }
}
