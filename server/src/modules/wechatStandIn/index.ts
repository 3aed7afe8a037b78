import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ServerConfig } from '../../config'
import { patternPng } from './png'
import { pushSignature } from '../uploads/contentCheck'

const jscode2sessionQuery = z.object({
  appid: z.string().optional(),
  secret: z.string().optional(),
  js_code: z.string().optional(),
  grant_type: z.string().optional()
})

type Jscode2sessionAnswer = { openid: string; session_key: string } | { errcode: number; errmsg: string }

/** Answers the way WeChat does (HTTP 200 and an errcode), so the real client runs unchanged against it. */
function answerJscode2session(query: z.infer<typeof jscode2sessionQuery>, config: ServerConfig): Jscode2sessionAnswer {
  if (query.appid !== config.wechatAppId) return { errcode: 40013, errmsg: 'invalid appid' }
  if (query.secret !== config.wechatSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
  if (query.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' }
  const openid = /^demo:([A-Za-z0-9_-]{1,64})$/.exec(query.js_code ?? '')?.[1]
  if (!openid) return { errcode: 40029, errmsg: 'invalid code' }
  return { openid, session_key: crypto.randomBytes(16).toString('base64') }
}

const tokenQuery = z.object({ grant_type: z.string().optional(), appid: z.string().optional(), secret: z.string().optional() })
const wxacodeQuery = z.object({ access_token: z.string().optional() })
const wxacodeBody = z.object({ scene: z.string().optional(), page: z.string().optional() }).passthrough()

const mediaCheckBody = z
  .object({ media_url: z.string().optional(), media_type: z.number().optional(), version: z.number().optional(), openid: z.string().optional() })
  .passthrough()

/**
 * The stand-in's content check verdict, deterministic so demo and tests can reach both outcomes: an
 * image whose bytes contain this marker is risky, any other passes.
 */
export const STAND_IN_RISKY_MARKER = 'WUZHA-STAND-IN-RISKY'
/** WeChat retries a push that is not acknowledged; so does the stand-in, a little faster. */
const PUSH_ATTEMPTS = 5
const PUSH_RETRY_MS = 200

/** The stand-in's one access token: a fixed value, since only the stand-in itself checks it. */
const STAND_IN_ACCESS_TOKEN = 'stand-in-access-token'

/**
 * WeChat's jscode2session for demo mode and tests: code `demo:<openid>` logs in as that openid (an openid as WeChat makes them: base64url, no ':'). Only when
 * asked for (demo mode, or a test's config), and never in production whatever the flags say: there it
 * would let anyone claim any WeChat identity.
 */
export default async function wechatStandIn(app: FastifyInstance) {
  const { config } = app
  if (config.production || !config.wechatStandIn) return

  app.withTypeProvider<ZodTypeProvider>().get(
    '/wechat-stand-in/sns/jscode2session',
    { config: { access: 'public' }, schema: { hide: true, querystring: jscode2sessionQuery } },
    async (request) => answerJscode2session(request.query, config)
  )

  // cgi-bin/token and wxa/getwxacodeunlimit, answered the way WeChat does: errors as HTTP 200 JSON.
  app.withTypeProvider<ZodTypeProvider>().get(
    '/wechat-stand-in/cgi-bin/token',
    { config: { access: 'public' }, schema: { hide: true, querystring: tokenQuery } },
    async (request) =>
      request.query.appid === config.wechatAppId && request.query.secret === config.wechatSecret
        ? { access_token: STAND_IN_ACCESS_TOKEN, expires_in: 7200 }
        : { errcode: 40013, errmsg: 'invalid appid or secret' }
  )
  app.withTypeProvider<ZodTypeProvider>().post(
    '/wechat-stand-in/wxa/getwxacodeunlimit',
    { config: { access: 'public' }, schema: { hide: true, querystring: wxacodeQuery, body: wxacodeBody } },
    async (request, reply) => {
      if (request.query.access_token !== STAND_IN_ACCESS_TOKEN) return { errcode: 40001, errmsg: 'invalid credential' }
      const scene = request.body.scene ?? ''
      if (scene.length === 0 || scene.length > 32) return { errcode: 40169, errmsg: 'invalid length for scene' }
      return reply.type('image/png').send(patternPng(`${request.body.page ?? ''}?${scene}`))
    }
  )

  // wxa/media_check_async (version 2): answers a trace_id at once, then, as WeChat does, fetches the
  // image and pushes the verdict, signed with WECHAT_PUSH_TOKEN, to /api/v1/wechat/events of the
  // server that served media_url (WeChat pushes to the URL configured in the mini-program's console).
  const deliveries = new Set<Promise<void>>()
  app.addHook('onClose', async () => {
    await Promise.all(deliveries)
  })
  app.withTypeProvider<ZodTypeProvider>().post(
    '/wechat-stand-in/wxa/media_check_async',
    { config: { access: 'public' }, schema: { hide: true, querystring: wxacodeQuery, body: mediaCheckBody } },
    async (request) => {
      if (request.query.access_token !== STAND_IN_ACCESS_TOKEN) return { errcode: 40001, errmsg: 'invalid credential' }
      const { media_url: mediaUrl, media_type: mediaType, version, openid } = request.body
      if (!mediaUrl || !/^https?:\/\//.test(mediaUrl) || mediaType !== 2 || version !== 2 || !openid) {
        return { errcode: 47001, errmsg: 'data format error' }
      }
      const traceId = crypto.randomBytes(12).toString('hex')
      const delivery = deliverVerdict(config, mediaUrl, traceId).catch((error: unknown) => {
        app.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'stand-in content check not delivered')
      })
      deliveries.add(delivery)
      void delivery.finally(() => deliveries.delete(delivery))
      return { errcode: 0, errmsg: 'ok', trace_id: traceId }
    }
  )
}

/** Fetches the image, judges it by STAND_IN_RISKY_MARKER and pushes the result until acknowledged. */
async function deliverVerdict(config: ServerConfig, mediaUrl: string, traceId: string): Promise<void> {
  // After the answer has gone out, as WeChat checks later.
  await new Promise((resolve) => setTimeout(resolve, 10))
  const image = await fetch(mediaUrl, { signal: AbortSignal.timeout(5000) })
  if (!image.ok) throw new Error(`media_url answered HTTP ${image.status}`)
  const bytes = Buffer.from(await image.arrayBuffer())
  const suggest = bytes.includes(STAND_IN_RISKY_MARKER) ? 'risky' : 'pass'
  const event = {
    ToUserName: 'gh_stand_in',
    FromUserName: 'o-stand-in',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: config.wechatAppId,
    trace_id: traceId,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'risky' ? 20002 : 100, prob: 90 }],
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label: suggest === 'risky' ? 20002 : 100 }
  }
  for (let attempt = 1; attempt <= PUSH_ATTEMPTS; attempt += 1) {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = crypto.randomBytes(8).toString('hex')
    const url = new URL('/api/v1/wechat/events', mediaUrl)
    url.searchParams.set('signature', pushSignature(config.wechatPushToken ?? '', timestamp, nonce))
    url.searchParams.set('timestamp', timestamp)
    url.searchParams.set('nonce', nonce)
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(5000)
    })
    if (response.ok) return
    await new Promise((resolve) => setTimeout(resolve, PUSH_RETRY_MS))
  }
  throw new Error(`push of ${traceId} not acknowledged`)
}
