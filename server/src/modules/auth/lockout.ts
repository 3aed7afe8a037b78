import { AppError } from '../../errors'
import type { FieldCipher } from '../../crypto/fieldCipher'
import type { LoginFailureRepository } from './loginFailureRepository'

/**
 * Password lockout, kept two ways so that nobody can lock a real user out from afar:
 * - per name *and* client address: 5 wrong passwords in a row lock that name from that address for
 *   15 minutes (the 4th failure warns). Someone guessing from one place stops there, and the real user,
 *   elsewhere, still signs in.
 * - per name, from every address together, slower: each 20 failures lock the name everywhere for
 *   1 minute, doubling with each lockout in a row up to 15 minutes. This bounds guessing spread over
 *   many addresses; locking a user out that way takes many addresses and keeps costing attempts.
 * A success clears both. Unknown names are counted exactly like real ones, so 401, the warning and 429
 * reveal nothing about which accounts exist; names and addresses are stored only as keyed hashes.
 */
export const ADDRESS_MAX_FAILURES = 5
export const ADDRESS_LOCK_MS = 15 * 60 * 1000
export const NAME_MAX_FAILURES = 20
export const NAME_FIRST_LOCK_MS = 60 * 1000
export const NAME_MAX_LOCK_MS = 15 * 60 * 1000

export interface LoginAttempt {
  username: string
  /** The client's address as the server sees it (request.ip). */
  address: string
}

/** How long the per-name lock lasts after `lockouts` lockouts in a row (0 before the first). */
export function nameLockMs(lockouts: number): number {
  return Math.min(NAME_MAX_LOCK_MS, NAME_FIRST_LOCK_MS * 2 ** lockouts)
}

function minutesLeft(until: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60000))
}

const lockedHere = (until: string, now: Date) =>
  new AppError('RATE_LIMITED', `密码连续错误${ADDRESS_MAX_FAILURES}次，账号已锁定，请${minutesLeft(until, now)}分钟后再试`)
const lockedEverywhere = (until: string, now: Date) =>
  new AppError('RATE_LIMITED', `该账号近期密码错误次数过多，已暂时锁定，请${minutesLeft(until, now)}分钟后再试`)

export class PasswordLockout {
  constructor(
    private readonly failures: LoginFailureRepository,
    private readonly cipher: FieldCipher
  ) {}

  /** Throws 429 while the name is locked, from this address or everywhere. */
  async assertOpen(attempt: LoginAttempt, now: Date): Promise<void> {
    const keys = this.keysOf(attempt)
    const here = await this.failures.lockedUntil(keys.nameAtAddress)
    if (here && here > now.toISOString()) throw lockedHere(here, now)
    const everywhere = await this.failures.lockedUntil(keys.name)
    if (everywhere && everywhere > now.toISOString()) throw lockedEverywhere(everywhere, now)
  }

  /**
   * Counts a wrong password. Throws 429 when this failure reaches a limit; otherwise returns how many
   * tries are left from this address before it locks.
   */
  async recordFailure(attempt: LoginAttempt, now: Date): Promise<number> {
    const keys = this.keysOf(attempt)
    const byName = await this.failures.record(keys.name, now.toISOString())
    const atAddress = await this.failures.record(keys.nameAtAddress, now.toISOString())
    if (atAddress.failures >= ADDRESS_MAX_FAILURES) {
      const until = new Date(now.getTime() + ADDRESS_LOCK_MS).toISOString()
      await this.failures.lock(keys.nameAtAddress, until, atAddress.lockouts + 1)
      throw lockedHere(until, now)
    }
    if (byName.failures >= NAME_MAX_FAILURES) {
      const until = new Date(now.getTime() + nameLockMs(byName.lockouts)).toISOString()
      await this.failures.lock(keys.name, until, byName.lockouts + 1)
      throw lockedEverywhere(until, now)
    }
    return ADDRESS_MAX_FAILURES - atAddress.failures
  }

  async clear(attempt: LoginAttempt): Promise<void> {
    const keys = this.keysOf(attempt)
    await this.failures.clear([keys.name, keys.nameAtAddress])
  }

  private keysOf(attempt: LoginAttempt) {
    return {
      name: this.cipher.hash(`login:${attempt.username}`),
      nameAtAddress: this.cipher.hash(`login:${attempt.username}\u0000${attempt.address}`)
    }
  }
}
