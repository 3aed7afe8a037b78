import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { bindSchema, passwordLoginSchema, wechatLoginSchema } from '../../../src/core/api'
import { unauthenticated } from '../errors'
import { bindResponseSchema, loginResponseSchema } from '../schemas/auth'
import { AuthService } from '../services/auth'
import type { AuthenticatedSession } from '../services/sessions'
import { WechatClient } from '../services/wechat'

/** Per client address, on top of the per-name lockout: slows guessing across many accounts. */
const PASSWORD_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }
/** Looser: residents of a village often share one carrier address, and WeChat already vouches for the code. */
const WECHAT_RATE_LIMIT = { max: 60, timeWindow: '1 minute' }
/** Invitation codes are guessable only by brute force; this keeps that out of reach. */
const BIND_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }

/** The live session of a route declared `access: 'session'` (the authorization plugin has checked it). */
export function currentSession(request: FastifyRequest): AuthenticatedSession {
  if (!request.session) throw unauthenticated()
  return request.session
}

export default async function authRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const auth = new AuthService(app.deps.database.db, app.deps.now, new WechatClient(app.deps.config), app.deps.cipher)

  api.post(
    '/api/v1/auth/password',
    {
      config: { access: 'public', rateLimit: PASSWORD_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Password login (web)',
        description:
          'Wrong username or password → 401 with one message for both. After 5 consecutive failures the name ' +
          'is locked for 15 minutes → 429, even with the right password; a success resets the count. Unknown ' +
          'names are counted and locked the same way, so neither answer reveals whether an account exists. ' +
          'Also limited to 20 attempts a minute per client address (429). Sessions expire after 12 hours idle.',
        body: passwordLoginSchema,
        response: { 200: loginResponseSchema }
      }
    },
    async (request) => auth.loginWithPassword(request.body.username, request.body.password)
  )

  api.post(
    '/api/v1/auth/wechat',
    {
      config: { access: 'public', rateLimit: WECHAT_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'WeChat login (mini-program)',
        description:
          'Exchanges the wx.login code with WeChat (jscode2session at WECHAT_API_BASE). A WeChat identity bound to ' +
          'a staff user gets that user; any other gets a resident session with `user: null`. An invalid or used ' +
          'code → 401. Sessions expire after 7 days idle.',
        body: wechatLoginSchema,
        response: { 200: loginResponseSchema }
      }
    },
    async (request) => auth.loginWithWechat(request.body.code)
  )

  api.post(
    '/api/v1/auth/bind',
    {
      config: { access: 'session', rateLimit: BIND_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Bind a staff invitation to this WeChat identity',
        description:
          'WeChat sessions only (a password session → 403). Creates the staff user the invitation describes, ' +
          'binds this WeChat identity and this session to it. Case, spaces and dashes in the code do not matter. ' +
          'Unknown, expired or used code → 404; identity already bound → 409.',
        security: [{ bearer: [] }],
        body: bindSchema,
        response: { 200: bindResponseSchema }
      }
    },
    async (request) => ({ user: await auth.bindInvite(currentSession(request), request.body.inviteCode) })
  )

  api.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'Log out',
        description: 'Revokes the bearer token at once → 204.',
        security: [{ bearer: [] }]
      }
    },
    async (request, reply) => {
      await auth.logout(currentSession(request))
      return reply.status(204).send()
    }
  )
}
