import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ServerConfig } from '../../config'

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
  const openid = /^demo:(.+)$/.exec(query.js_code ?? '')?.[1]
  if (!openid) return { errcode: 40029, errmsg: 'invalid code' }
  return { openid, session_key: crypto.randomBytes(16).toString('base64') }
}

/**
 * WeChat's jscode2session for demo mode and tests: code `demo:<openid>` logs in as that openid. Only when
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
}
