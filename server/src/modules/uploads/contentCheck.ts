import crypto from 'node:crypto'
import { z } from 'zod'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { WECHAT_TIMEOUT_MS, type WechatAccessToken } from '../wechat/accessToken'

/** How long the link WeChat fetches an image from stays valid: WeChat fetches within minutes. */
export const CONTENT_URL_TTL_SECONDS = 3600

const checkAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional(), trace_id: z.string().optional() })

/**
 * WeChat's asynchronous image check (wxa/media_check_async, version 2): WeChat fetches `mediaUrl` and
 * later pushes its verdict, with the trace id answered here, to the message push URL (POST
 * /api/v1/wechat/events). Throws when WeChat cannot be reached or refuses: the caller keeps the upload
 * and asks again later.
 */
export class MediaCheckClient {
  constructor(private readonly token: WechatAccessToken) {}

  async request(mediaUrl: string, openid: string): Promise<string> {
    const url = this.token.url('/wxa/media_check_async')
    url.searchParams.set('access_token', await this.token.get())
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // media_type 2: an image; scene 1: 资料 (a user's own material, not a comment or a post).
      body: JSON.stringify({ media_url: mediaUrl, media_type: 2, version: 2, scene: 1, openid }),
      signal: AbortSignal.timeout(WECHAT_TIMEOUT_MS)
    })
    if (!response.ok) throw new Error(`media_check_async at ${url.host} answered HTTP ${response.status}`)
    const answer = checkAnswer.parse(JSON.parse(await response.text()))
    if (answer.errcode !== 0 || !answer.trace_id) {
      this.token.noteError(answer.errcode)
      throw new Error(`media_check_async failed: errcode ${answer.errcode} ${answer.errmsg ?? ''}`)
    }
    return answer.trace_id
  }
}

/**
 * Links to an upload's bytes for WeChat, which fetches without a session: `expires` (unix seconds) and
 * a keyed hash of the id and expiry under the lookup hash's key (derived from the data key, so no new
 * secret), domain-separated by a prefix no looked-up value has, cut to 128 bits.
 */
export class ContentLinks {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly publicUrl: string
  ) {}

  url(uploadId: string, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + CONTENT_URL_TTL_SECONDS
    const url = new URL(`${this.publicUrl}/api/v1/uploads/${uploadId}/content`)
    url.searchParams.set('expires', String(expires))
    url.searchParams.set('sig', contentSignature(this.cipher, uploadId, expires))
    return url.toString()
  }
}

export function contentSignature(cipher: FieldCipher, uploadId: string, expires: number): string {
  return Buffer.from(cipher.hash(`wuzha:upload-content|${uploadId}|${expires}`), 'hex').subarray(0, 16).toString('base64url')
}

/** A link is good while unexpired and its signature is the one we would make. */
export function contentLinkValid(cipher: FieldCipher, uploadId: string, expires: number, sig: string, now: Date): boolean {
  return now.getTime() / 1000 < expires && timingSafeEqualText(contentSignature(cipher, uploadId, expires), sig)
}

/** WeChat's message push signature: sha1 of token, timestamp and nonce, sorted and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return crypto.createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
}

export function pushSignatureValid(token: string | null, query: { signature: string; timestamp: string; nonce: string }): boolean {
  return token !== null && timingSafeEqualText(pushSignature(token, query.timestamp, query.nonce), query.signature)
}

function timingSafeEqualText(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}
