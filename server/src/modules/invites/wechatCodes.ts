import { z } from 'zod'
import { WECHAT_TIMEOUT_MS, type WechatAccessToken } from '../wechat/accessToken'

const errorAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional() })

/**
 * WeChat's wxacode.getUnlimited (wxa/getwxacodeunlimit) for 小程序码, with the server's shared access
 * token, at WECHAT_API_BASE so demo mode and tests use the stand-in.
 */
export class WechatCodeClient {
  constructor(private readonly token: WechatAccessToken) {}

  /** A PNG (is_hyaline asks WeChat for PNG rather than JPEG) opening `page` with `scene` (≤ 32 characters). */
  async unlimitedCode(scene: string, page: string): Promise<Buffer> {
    const url = this.token.url('/wxa/getwxacodeunlimit')
    url.searchParams.set('access_token', await this.token.get())
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // check_path false: the page lives in a subpackage and trial versions may not be released yet.
      body: JSON.stringify({ scene, page, check_path: false, is_hyaline: true, width: 430 }),
      signal: AbortSignal.timeout(WECHAT_TIMEOUT_MS)
    })
    if (!response.ok) throw new Error(`getwxacodeunlimit at ${url.host} answered HTTP ${response.status}`)
    const body = Buffer.from(await response.arrayBuffer())
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const error = errorAnswer.parse(JSON.parse(body.toString('utf8')))
      this.token.noteError(error.errcode)
      throw new Error(`getwxacodeunlimit failed: errcode ${error.errcode} ${error.errmsg ?? ''}`)
    }
    return body
  }
}
