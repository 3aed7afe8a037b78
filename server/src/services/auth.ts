import type { Kysely } from 'kysely'
import type { Database, UserRow } from '../db/schema'
import type { LoginResponse, User } from '../../../src/core/api'
import type { FieldCipher } from '../crypto/fieldCipher'
import { hashPassword, verifyPassword } from '../crypto/passwords'
import { AppError, forbidden, unauthenticated } from '../errors'
import { LoginFailureRepository } from '../repositories/loginFailures'
import { UserRepository } from '../repositories/users'
import { SessionService, type AuthenticatedSession } from './sessions'
import { redeemStaffInvite } from './staffInvites'
import type { WechatClient } from './wechat'

export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MS = 15 * 60 * 1000

/** One message for an unknown account and a wrong password, so accounts cannot be probed. */
const WRONG_CREDENTIALS = '账号或密码错误'
const ALREADY_BOUND = '该微信已绑定工作人员身份'

let dummyHash: Promise<string> | null = null
/** Checked against for unknown accounts so that they take as long to refuse as a wrong password. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('no-such-account')
  return dummyHash
}

function accountLocked(lockedUntil: string, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60000))
  return new AppError('RATE_LIMITED', `密码连续错误${MAX_FAILED_LOGINS}次，账号已锁定，请${minutes}分钟后再试`)
}

/** Logins (password and WeChat), binding a WeChat identity to a staff invitation, and logout. */
export class AuthService {
  private readonly users: UserRepository
  private readonly sessions: SessionService
  private readonly failures: LoginFailureRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly wechat: WechatClient,
    private readonly cipher: FieldCipher
  ) {
    this.users = new UserRepository(db)
    this.sessions = new SessionService(db, now)
    this.failures = new LoginFailureRepository(db)
  }

  /**
   * Web login. Failures are counted per typed name whether or not the account exists, so an unknown name
   * is locked just like a real one; a locked name is refused even with the right password.
   */
  async loginWithPassword(username: string, password: string): Promise<LoginResponse> {
    const now = this.now()
    const loginKey = this.cipher.hash(`login:${username}`)
    const lockedUntil = await this.failures.lockedUntil(loginKey)
    if (lockedUntil && lockedUntil > now.toISOString()) throw accountLocked(lockedUntil, now)
    const account = await this.passwordAccount(username)
    const valid = await verifyPassword(password, account?.password_hash ?? (await dummyPasswordHash()))
    if (!account || !valid) {
      await this.recordFailedLogin(loginKey, now)
      throw unauthenticated(WRONG_CREDENTIALS)
    }
    await this.failures.clear(loginKey)
    return this.startSession(account, null)
  }

  /** Mini-program login: a bound staff member gets their user, anyone else a resident session. */
  async loginWithWechat(code: string): Promise<LoginResponse> {
    const openid = await this.wechat.openidForCode(code)
    const row = await this.users.findRowByOpenid(openid)
    return this.startSession(row ?? null, openid)
  }

  /** Makes the WeChat identity of this session the staff user the invitation describes. */
  async bindInvite(session: AuthenticatedSession, inviteCode: string): Promise<User> {
    const openid = session.wechatOpenid
    if (!openid) throw forbidden('请在微信小程序中使用邀请码')
    if (session.user) throw new AppError('CONFLICT', ALREADY_BOUND)
    return this.db.transaction().execute(async (trx) => {
      const users = new UserRepository(trx)
      if (await users.isOpenidTaken(openid)) throw new AppError('CONFLICT', ALREADY_BOUND)
      const userId = await redeemStaffInvite(trx, { code: inviteCode, wechatOpenid: openid, now: this.now() })
      await new SessionService(trx, this.now).bindUser(session.tokenHash, userId)
      const row = await users.findRowById(userId)
      if (!row) throw new Error(`user ${userId} vanished while binding`)
      return users.toUser(row)
    })
  }

  async logout(session: AuthenticatedSession): Promise<void> {
    await this.sessions.revoke(session.tokenHash)
  }

  /** The account a password may open: it exists, is not disabled and has a password. */
  private async passwordAccount(username: string): Promise<(UserRow & { password_hash: string }) | null> {
    const row = await this.users.findRowByUsername(username)
    if (!row || row.disabled_at || !row.password_hash) return null
    return { ...row, password_hash: row.password_hash }
  }

  /** The failure that reaches the limit locks the account and is answered as the lockout. */
  private async recordFailedLogin(loginKey: string, now: Date): Promise<void> {
    const failures = await this.failures.record(loginKey)
    if (failures < MAX_FAILED_LOGINS) return
    const lockedUntil = new Date(now.getTime() + LOCKOUT_MS).toISOString()
    await this.failures.lock(loginKey, lockedUntil)
    throw accountLocked(lockedUntil, now)
  }

  private async startSession(row: UserRow | null, wechatOpenid: string | null): Promise<LoginResponse> {
    const { token, expiresAt } = await this.sessions.create({ userId: row?.id ?? null, wechatOpenid })
    return { token, expiresAt, user: row ? await this.users.toUser(row) : null }
  }
}
