import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ServerConfig } from '../../config'
import { patternPng } from './png'

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
}
