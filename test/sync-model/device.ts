import type { TestServer } from '../server/harness'
import type { User } from '../../src/core/api'
import type { Phone, RequestOptions, Response } from './platform'

type OutboxModule = typeof import('../../src/services/outbox')
type GridCacheModule = typeof import('../../src/services/gridCache')
type SessionModule = typeof import('../../src/services/session')
type PlatformModule = typeof import('./platform')

/**
 * What the network does to the next push request:
 * - `lost-ack`: the server processes it, the answer never reaches the phone;
 * - `duplicate`: the server receives it twice and the phone gets the second answer;
 * - `hold`: it is stuck in the network (the phone sees a failure) and reaches the server later, after
 *   whatever the phone sends meanwhile (`deliverHeld`).
 */
export type Fault = 'lost-ack' | 'duplicate' | 'hold'

export interface StartOptions {
  /** Load the grid cache (services/gridCache) too. */
  gridCache?: boolean
  /** Also start the grid cache following the outbox (startGridSync), as the app does; needs gridCache. */
  gridSync?: boolean
}

/**
 * One phone running the app's real outbox against the real server (app.inject). Its storage survives
 * `restart()`, which loads the app's modules afresh, as WeChat does after killing the app.
 */
export class SimulatedPhone implements Phone {
  readonly storage = new Map<string, string>()
  online = true
  readonly statusListeners = new Set<(result: { isConnected: boolean; networkType: string }) => void>()
  readonly faults: Fault[] = []
  readonly held: RequestOptions[] = []
  outbox!: OutboxModule
  gridCache!: GridCacheModule
  private sessions!: SessionModule
  private stopApp: (() => void) | null = null

  constructor(
    private readonly server: TestServer,
    private readonly session: { token: string; user: User }
  ) {}

  /**
   * Starts the app: loads its modules, signs in on the first start, starts auto sync. The grid cache
   * (which loads the domain core and zod, slow to load afresh hundreds of times) only on request.
   */
  async start(options: StartOptions = {}): Promise<void> {
    let session!: SessionModule
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ;(require('@tarojs/taro') as PlatformModule).attachPhone(this)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.outbox = require('@/services/outbox') as OutboxModule
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      session = require('@/services/session') as SessionModule
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (options.gridCache) this.gridCache = require('@/services/gridCache') as GridCacheModule
    })
    this.sessions = session
    if (!session.getSession()) {
      session.saveSession({ token: this.session.token, expiresAt: '2099-01-01T00:00:00.000Z', user: this.session.user })
    }
    const stopWatching = this.outbox.startAutoSync()
    // As the app does at launch: pull after every sync that leaves nothing waiting.
    const stopGridSync = options.gridSync ? this.gridCache.startGridSync() : () => {}
    const outbox = this.outbox
    this.stopApp = () => {
      stopWatching()
      stopGridSync()
      outbox.pauseAutoSync()
    }
    await settle()
  }

  /** The app is killed and started again; nothing is in flight (every command awaits its requests). */
  async restart(options: StartOptions = {}): Promise<void> {
    this.stopApp?.()
    await this.start(options)
  }

  /** The person signs out, as the app does (the session is gone; what they saved stays theirs). */
  signOut(): void {
    this.sessions.clearSession()
  }

  /** Someone signs in on this phone: another worker sharing it, or the first one coming back. */
  signIn(session: { token: string; user: User }): void {
    this.sessions.saveSession({ token: session.token, expiresAt: '2099-01-01T00:00:00.000Z', user: session.user })
  }

  /** Whose session the phone holds (its bearer token). */
  get token(): string | null {
    return this.sessions.getToken()
  }

  stop(): void {
    this.stopApp?.()
    this.stopApp = null
  }

  setOnline(online: boolean): void {
    this.online = online
    this.statusListeners.forEach((listener) => listener({ isConnected: online, networkType: online ? 'wifi' : 'none' }))
  }

  async send(options: RequestOptions): Promise<Response> {
    const fault = options.url.includes('/sync/push') ? this.faults.shift() : undefined
    if (fault === 'hold') {
      this.held.push(options)
      throw { errMsg: 'request:fail timeout' }
    }
    const first = await this.deliver(options)
    if (fault === 'lost-ack') throw { errMsg: 'request:fail interrupted' }
    if (fault === 'duplicate') return this.deliver(options)
    return first
  }

  /** The oldest held request finally reaches the server; its answer goes nowhere. */
  async deliverHeld(): Promise<void> {
    const request = this.held.shift()
    if (request) await this.deliver(request)
  }

  private async deliver(options: RequestOptions): Promise<Response> {
    const url = new URL(options.url)
    const response = await this.server.app.inject({
      method: (options.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: options.header,
      payload: options.data as object | undefined
    })
    return { statusCode: response.statusCode, data: response.body ? JSON.parse(response.body) : '' }
  }
}

/** Lets promise callbacks and I/O already started run to the end of their current step. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
