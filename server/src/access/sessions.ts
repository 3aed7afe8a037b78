import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { User } from '../../../src/core/api'
import { hashToken, newToken } from '../crypto/tokens'
import { UserRepository } from './userRepository'

/** Sessions expire when idle: a web login after 12 hours, a WeChat login (silently renewed) after 7 days. */
export const PASSWORD_IDLE_MS = 12 * 3600 * 1000
export const WECHAT_IDLE_MS = 7 * 24 * 3600 * 1000
/** Sliding expiry is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000

export interface AuthenticatedSession {
  tokenHash: string
  /** null for a resident: an unbound WeChat identity. */
  user: User | null
  wechatOpenid: string | null
}

export class SessionService {
  private readonly users: UserRepository
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date()
  ) {
    this.users = new UserRepository(db)
  }

  async create(input: { userId: string | null; wechatOpenid: string | null }): Promise<{ token: string; expiresAt: string }> {
    const token = newToken()
    const now = this.now()
    const expiresAt = new Date(now.getTime() + this.idleMs(input.wechatOpenid)).toISOString()
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: input.userId,
        wechat_openid: input.wechatOpenid,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null
      })
      .execute()
    return { token, expiresAt }
  }

  /** The live session of a bearer token, sliding its idle expiry; null when unknown, expired or revoked. */
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    const tokenHash = hashToken(token)
    const session = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    const now = this.now()
    if (!session || session.revoked_at || session.expires_at <= now.toISOString()) return null
    let user: User | null = null
    if (session.user_id) {
      const row = await this.users.findRowById(session.user_id)
      if (!row) return null
      user = await this.users.toUser(row)
    }
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + this.idleMs(session.wechat_openid)).toISOString() })
        .where('token_hash', '=', tokenHash)
        .execute()
    }
    return { tokenHash, user, wechatOpenid: session.wechat_openid }
  }

  async bindUser(tokenHash: string, userId: string): Promise<void> {
    await this.db.updateTable('sessions').set({ user_id: userId }).where('token_hash', '=', tokenHash).execute()
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.now().toISOString() }).where('token_hash', '=', tokenHash).execute()
  }

  private idleMs(wechatOpenid: string | null): number {
    return wechatOpenid ? WECHAT_IDLE_MS : PASSWORD_IDLE_MS
  }
}
