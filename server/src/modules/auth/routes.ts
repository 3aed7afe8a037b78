import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { bindSchema, passwordLoginSchema, wechatLoginSchema, type User } from '../../../../src/core/api'
import { sessionOf } from '../../plugins/app/authorization'
import { bindResponseSchema, loginResponseSchema, userSchema } from './schemas'

/** Per client address, on top of the per-name lockout: slows guessing across many accounts. */
const PASSWORD_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }
/**
 * Looser: residents of a village often share one carrier address, and WeChat already vouches for the code
 * (a browser's invitation sign-in, modules/invites, uses it too: the 192-bit token is not guessable).
 */
export const WECHAT_RATE_LIMIT = { max: 60, timeWindow: '1 minute' }
/** Invitation codes are guessable only by brute force; this keeps that out of reach. */
const BIND_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }

/** A resident has no user row: every unbound WeChat session is the same anonymous resident. */
const RESIDENT: User = { id: 'resident', name: '居民', role: 'resident', scope: {} }

export default async function authRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { authService } = app

  api.post(
    '/api/v1/auth/password',
    {
      config: { access: 'public', rateLimit: PASSWORD_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Password login (web)',
        description:
          'Wrong username or password → 401 with one message for both; the 4th failure in a row from one address ' +
          'adds that the next locks for 15 minutes. After 5 failures in a row from one client address the name is ' +
          'locked *from that address* for 15 minutes → 429, even with the right password (the real user elsewhere ' +
          'still signs in). Across all addresses, every 20 failures lock the name everywhere for 1 minute, doubling ' +
          'with each lockout in a row up to 15 minutes. A success resets both. Unknown names are counted and ' +
          'locked the same way, so no answer reveals whether an account exists. Also limited to 20 attempts a ' +
          'minute per client address (429). The client address is the TCP peer unless WUZHA_TRUST_PROXY names ' +
          'the proxies whose X-Forwarded-For to believe. Sessions expire after 12 hours idle.',
        body: passwordLoginSchema,
        response: { 200: loginResponseSchema }
      }
    },
    async (request) => authService.loginWithPassword({ username: request.body.username, address: request.ip }, request.body.password)
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
    async (request) => authService.loginWithWechat(request.body.code)
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
    async (request) => ({ user: await authService.bindInvite(sessionOf(request).session, request.body.inviteCode) })
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
      await authService.logout(sessionOf(request).session)
      return reply.status(204).send()
    }
  )

  api.get(
    '/api/v1/me',
    {
      config: { access: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        description:
          'A staff session answers its user. A resident (an unbound WeChat session, or a browser’s from POST /auth/invitation) answers ' +
          '`{"id": "resident", "name": "居民", "role": "resident", "scope": {}}`: residents have no account, so the ' +
          'id is the same fixed value for all of them and identifies no one.',
        security: [{ bearer: [] }],
        response: { 200: userSchema }
      }
    },
    async (request) => {
      const principal = sessionOf(request)
      return principal.kind === 'staff' ? principal.user : RESIDENT
    }
  )
}
