import { z } from 'zod'
import type { ServerConfig } from '../../config'

type WechatConfig = Pick<ServerConfig, 'wechatApiBase' | 'wechatAppId' | 'wechatSecret'>

const TIMEOUT_MS = 5000
/** Renew the access token this long before WeChat says it expires. */
const RENEW_MARGIN_MS = 5 * 60 * 1000

const tokenAnswer = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.number() }),
  z.object({ errcode: z.number(), errmsg: z.string().optional() })
])
const errorAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional() })

/**
 * WeChat's server-side API for 小程序码: the app's access token (cgi-bin/token, cached until shortly
 * before it expires) and wxacode.getUnlimited (wxa/getwxacodeunlimit), at WECHAT_API_BASE so demo mode
 * and tests use the stand-in. URLs carry the secret or token: errors name the host only.
 */
export class WechatCodeClient {
  private token: { value: string; renewAt: number } | null = null

  constructor(
    private readonly config: WechatConfig,
    private readonly now: () => Date
  ) {}

  /** A PNG (is_hyaline asks WeChat for PNG rather than JPEG) opening `page` with `scene` (≤ 32 characters). */
  async unlimitedCode(scene: string, page: string): Promise<Buffer> {
    const url = this.url('/wxa/getwxacodeunlimit')
    url.searchParams.set('access_token', await this.accessToken())
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // check_path false: the page lives in a subpackage and trial versions may not be released yet.
      body: JSON.stringify({ scene, page, check_path: false, is_hyaline: true, width: 430 }),
      signal: AbortSignal.timeout(TIMEOUT_MS)
    })
    if (!response.ok) throw new Error(`getwxacodeunlimit at ${url.host} answered HTTP ${response.status}`)
    const body = Buffer.from(await response.arrayBuffer())
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const error = errorAnswer.parse(JSON.parse(body.toString('utf8')))
      // An expired token: forget it so the next request fetches a new one.
      this.token = null
      throw new Error(`getwxacodeunlimit failed: errcode ${error.errcode} ${error.errmsg ?? ''}`)
    }
    return body
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.now().getTime() < this.token.renewAt) return this.token.value
    const url = this.url('/cgi-bin/token')
    url.searchParams.set('grant_type', 'client_credential')
    url.searchParams.set('appid', this.config.wechatAppId)
    url.searchParams.set('secret', this.config.wechatSecret)
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    if (!response.ok) throw new Error(`cgi-bin/token at ${url.host} answered HTTP ${response.status}`)
    const answer = tokenAnswer.parse(JSON.parse(await response.text()))
    if (!('access_token' in answer)) throw new Error(`cgi-bin/token failed: errcode ${answer.errcode}`)
    this.token = { value: answer.access_token, renewAt: this.now().getTime() + answer.expires_in * 1000 - RENEW_MARGIN_MS }
    return answer.access_token
  }

  private url(path: string): URL {
    return new URL(`${this.config.wechatApiBase.replace(/\/+$/, '')}${path}`)
  }
}
