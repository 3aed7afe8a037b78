import { z } from 'zod'
import type { ServerConfig } from '../../config'

export type WechatConfig = Pick<ServerConfig, 'wechatApiBase' | 'wechatAppId' | 'wechatSecret'>

/** How long any call to WeChat's server API may take. */
export const WECHAT_TIMEOUT_MS = 5000
/** Renew the access token this long before WeChat says it expires. */
const RENEW_MARGIN_MS = 5 * 60 * 1000

const tokenAnswer = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.number() }),
  z.object({ errcode: z.number(), errmsg: z.string().optional() })
])

/** errcodes that mean the access token is no longer valid (invalid, expired, not latest). */
const STALE_TOKEN_ERRCODES = new Set([40001, 40014, 42001])

/**
 * The app's access token for WeChat's server API (cgi-bin/token), cached until shortly before it
 * expires. One per server: WeChat invalidates the previous token when a new one is fetched, so every
 * client (小程序码, content check) shares this one. URLs carry the secret: errors name the host only.
 */
export class WechatAccessToken {
  private token: { value: string; renewAt: number } | null = null

  constructor(
    private readonly config: WechatConfig,
    private readonly now: () => Date
  ) {}

  async get(): Promise<string> {
    if (this.token && this.now().getTime() < this.token.renewAt) return this.token.value
    const url = this.url('/cgi-bin/token')
    url.searchParams.set('grant_type', 'client_credential')
    url.searchParams.set('appid', this.config.wechatAppId)
    url.searchParams.set('secret', this.config.wechatSecret)
    const response = await fetch(url, { signal: AbortSignal.timeout(WECHAT_TIMEOUT_MS) })
    if (!response.ok) throw new Error(`cgi-bin/token at ${url.host} answered HTTP ${response.status}`)
    const answer = tokenAnswer.parse(JSON.parse(await response.text()))
    if (!('access_token' in answer)) throw new Error(`cgi-bin/token failed: errcode ${answer.errcode}`)
    this.token = { value: answer.access_token, renewAt: this.now().getTime() + answer.expires_in * 1000 - RENEW_MARGIN_MS }
    return answer.access_token
  }

  /** After an API error: a stale token is forgotten so the next call fetches a new one. */
  noteError(errcode: number): void {
    if (STALE_TOKEN_ERRCODES.has(errcode)) this.token = null
  }

  /** An API URL at WECHAT_API_BASE (demo mode and tests: the stand-in). */
  url(path: string): URL {
    return new URL(`${this.config.wechatApiBase.replace(/\/+$/, '')}${path}`)
  }
}
