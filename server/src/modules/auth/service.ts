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
import { inviteTarget, redeemStaffInvite } from './staffInvites'
import type { WechatClient } from './wechat'
import type { AuditEntry, AuditLog } from '../audit/auditLog'

/** Why a password login was refused, as the audit log records it (the answer is the same 401 for the first four). */
export type LoginFailureReason = 'unknown_user' | 'disabled' | 'no_password' | 'wrong_password' | 'locked'

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
    private readonly auditLog: AuditLog
  ) {
    this.users = new UserRepository(db)
    this.lockout = new PasswordLockout(new LoginFailureRepository(db), cipher)
  }

  /**
   * Web login. A locked name is refused even with the right password (see lockout.ts: per name and
   * address, and more slowly per name); unknown names are counted like real ones. Every attempt is
   * audited: a success with the session it starts, a failure in a short transaction of its own, naming
   * the account when the name is one (never the typed name otherwise, nor the password) and the reason.
   */
  async loginWithPassword(attempt: LoginAttempt, password: string): Promise<LoginResponse> {
    const now = this.now()
    const row = (await this.users.findRowByUsername(attempt.username)) ?? null
    try {
      await this.lockout.assertOpen(attempt, now)
    } catch (error) {
      await this.auditFailure(row, 'locked')
      throw error
    }
    const account = row && !row.disabled_at && row.password_hash ? row : null
    const valid = await verifyPassword(password, account?.password_hash ?? (await dummyPasswordHash()))
    if (account && valid) {
      await this.lockout.clear(attempt)
      return this.startSession(account, null, 'password')
    }
    const reason: LoginFailureReason = !row ? 'unknown_user' : row.disabled_at ? 'disabled' : !row.password_hash ? 'no_password' : 'wrong_password'
    let triesLeft: number
    try {
      triesLeft = await this.lockout.recordFailure(attempt, now)
    } catch (error) {
      // This failure reached a limit: the name is locked from now on.
      await this.auditFailure(row, reason, { lockedNow: true })
      throw error
    }
    await this.auditFailure(row, reason)
    throw wrongCredentials(triesLeft)
  }

  /** Mini-program login: a bound staff member gets their user, anyone else a resident session. */
  async loginWithWechat(code: string): Promise<LoginResponse> {
    const openid = await this.wechat.openidForCode(code)
    const row = await this.users.findRowByOpenid(openid)
    return this.startSession(row ?? null, openid, 'wechat')
  }

  /** Makes the WeChat identity of this session the staff user the invitation describes. */
  async bindInvite(session: AuthenticatedSession, inviteCode: string): Promise<User> {
    try {
      return await this.bind(session, inviteCode)
    } catch (error) {
      // A refused code may be someone guessing: logged with the code's hash prefix, never the code.
      if (error instanceof AppError) {
        await this.db.transaction().execute((trx) =>
          this.auditLog.record(trx, {
            actor: sessionActor(session.user).actor,
            action: 'auth.bind',
            target: inviteTarget(inviteCode),
            result: 'failure',
            details: { code: error.code }
          })
        )
      }
      throw error
    }
  }

  private async bind(session: AuthenticatedSession, inviteCode: string): Promise<User> {
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
      await this.auditLog.record(trx, {
        actor: { id: row.id, role: row.role },
        action: 'auth.bind',
        target: inviteTarget(inviteCode),
        result: 'success',
        details: { regionCode: row.scope_region_code }
      })
      return users.toUser(row)
    })
  }

  async logout(session: AuthenticatedSession): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await new SessionService(trx, this.now).revoke(session.tokenHash)
      await this.auditLog.record(trx, { ...sessionActor(session.user), action: 'auth.logout', result: 'success', details: {} })
    })
  }

  /** A session and the audit row of the login that made it, together. */
  private async startSession(row: UserRow | null, wechatOpenid: string | null, method: 'password' | 'wechat'): Promise<LoginResponse> {
    const { token, expiresAt } = await this.db.transaction().execute(async (trx) => {
      const created = await new SessionService(trx, this.now).create({ userId: row?.id ?? null, wechatOpenid })
      await this.auditLog.record(trx, { ...loginActor(row), action: 'auth.login', result: 'success', details: { method } })
      return created
    })
    return { token, expiresAt, user: row ? await this.users.toUser(row) : null }
  }

  /** A refused password login: nothing else is written, so its audit row has a transaction of its own. */
  private async auditFailure(row: UserRow | null, reason: LoginFailureReason, extra: Record<string, unknown> = {}): Promise<void> {
    await this.db.transaction().execute((trx) =>
      // An unknown name is not logged: it may be a phone number, or a password typed into the wrong field.
      this.auditLog.record(trx, {
        ...(row ? loginActor(row) : { actor: null, target: 'user/unknown' }),
        action: 'auth.login',
        result: 'failure',
        details: { method: 'password', reason, ...extra }
      })
    )
  }
}

/** Who signs in: a staff account, or a resident (no account: every resident is the same `resident`). */
function loginActor(row: UserRow | null): Pick<AuditEntry, 'actor' | 'target'> {
  return row ? { actor: { id: row.id, role: row.role }, target: `user/${row.id}` } : { actor: null, target: 'resident' }
}

function sessionActor(user: User | null): Pick<AuditEntry, 'actor' | 'target'> {
  return user ? { actor: { id: user.id, role: user.role }, target: `user/${user.id}` } : { actor: null, target: 'resident' }
}
