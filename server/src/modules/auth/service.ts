import type { Kysely } from 'kysely'
import type { Database, UserRow } from '../../db/schema'
import type { LoginResponse, User } from '../../../../src/core/api'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { hashPassword, verifyPassword } from '../../crypto/passwords'
import { AppError, forbidden, unauthenticated } from '../../errors'
import { LoginFailureRepository } from './loginFailureRepository'
import { PasswordLockout, type LoginAttempt } from './lockout'
import { UserRepository } from '../../access/userRepository'
import { SessionService, type AuthenticatedSession } from '../../access/sessions'
import { redeemStaffInvite } from './staffInvites'
import type { WechatClient } from './wechat'

/** One message for an unknown account and a wrong password, so accounts cannot be probed. */
const WRONG_CREDENTIALS = '账号或密码错误'
const ALREADY_BOUND = '该微信已绑定工作人员身份'

let dummyHash: Promise<string> | null = null
/** Checked against for unknown accounts so that they take as long to refuse as a wrong password. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('no-such-account')
  return dummyHash
}

/** The 401 of a wrong password; when the next failure from here would lock, it says so. */
function wrongCredentials(triesLeft: number): AppError {
  return unauthenticated(triesLeft === 1 ? `${WRONG_CREDENTIALS}，再错1次将锁定15分钟` : WRONG_CREDENTIALS)
}

/** Logins (password and WeChat), binding a WeChat identity to a staff invitation, and logout. */
export class AuthService {
  private readonly users: UserRepository
  private readonly lockout: PasswordLockout

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly wechat: WechatClient,
    cipher: FieldCipher,
    private readonly sessions: SessionService
  ) {
    this.users = new UserRepository(db)
    this.lockout = new PasswordLockout(new LoginFailureRepository(db), cipher)
  }

  /**
   * Web login. A locked name is refused even with the right password (see lockout.ts: per name and
   * address, and more slowly per name); unknown names are counted like real ones.
   */
  async loginWithPassword(attempt: LoginAttempt, password: string): Promise<LoginResponse> {
    const now = this.now()
    await this.lockout.assertOpen(attempt, now)
    const account = await this.passwordAccount(attempt.username)
    const valid = await verifyPassword(password, account?.password_hash ?? (await dummyPasswordHash()))
    if (!account || !valid) throw wrongCredentials(await this.lockout.recordFailure(attempt, now))
    await this.lockout.clear(attempt)
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

  private async startSession(row: UserRow | null, wechatOpenid: string | null): Promise<LoginResponse> {
    const { token, expiresAt } = await this.sessions.create({ userId: row?.id ?? null, wechatOpenid })
    return { token, expiresAt, user: row ? await this.users.toUser(row) : null }
  }
}
