import { z } from 'zod'
import type { ServerConfig } from '../../config'
import { AppError } from '../../errors'

/** WeChat answers HTTP 200 either way: a session, or an errcode (sometimes `errcode: 0` on success). */
/**
 * WeChat's openids are 28 characters of the base64url alphabet. Anything else is refused, so an openid
 * never contains ':' and cannot pass for a browser resident's `web:<uuid>` (certifications/resident.ts).
 */
const OPENID = /^[A-Za-z0-9_-]{1,64}$/
const jscode2sessionAnswer = z.union([
  z.object({ openid: z.string().regex(OPENID), errcode: z.literal(0).optional() }),
  z.object({ errcode: z.number(), errmsg: z.string().optional() })
])

/** The login code is wrong, expired or already used: the person should log in again. */
const INVALID_CODE_ERRCODES = new Set([40029, 40163])
const FREQUENCY_LIMIT_ERRCODE = 45011
const TIMEOUT_MS = 5000

type WechatConfig = Pick<ServerConfig, 'wechatApiBase' | 'wechatAppId' | 'wechatSecret'>

/**
 * The server half of wx.login: exchanges a login code for the person's openid. WeChat's session_key
 * comes back too; it is dropped here, so it is never stored, logged or sent on.
 */
export class WechatClient {
  constructor(private readonly config: WechatConfig) {}

  async openidForCode(code: string): Promise<string> {
    const url = new URL(`${this.config.wechatApiBase.replace(/\/+$/, '')}/sns/jscode2session`)
    url.searchParams.set('appid', this.config.wechatAppId)
    url.searchParams.set('secret', this.config.wechatSecret)
    url.searchParams.set('js_code', code)
    url.searchParams.set('grant_type', 'authorization_code')
    // The URL carries the app secret: errors below name the host only.
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    if (!response.ok) throw new Error(`jscode2session at ${url.host} answered HTTP ${response.status}`)
    const answer = jscode2sessionAnswer.parse(JSON.parse(await response.text()))
    if ('openid' in answer) return answer.openid
    throw errorForErrcode(answer.errcode, answer.errmsg)
  }
}

/** Codes a person can cause become 401/429; anything else is our configuration or WeChat failing. */
function errorForErrcode(errcode: number, errmsg: string | undefined): Error {
  if (INVALID_CODE_ERRCODES.has(errcode)) return new AppError('UNAUTHENTICATED', '微信登录凭证无效或已过期，请重新进入小程序')
  if (errcode === FREQUENCY_LIMIT_ERRCODE) return new AppError('RATE_LIMITED', '微信登录太频繁，请稍后再试')
  return new Error(`jscode2session failed: errcode ${errcode} ${errmsg ?? ''}`)
}
