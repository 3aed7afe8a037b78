import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { loginResponseSchema } from '../auth/schemas'
import { WECHAT_RATE_LIMIT } from '../auth/routes'
import { householdParamsSchema, invitationLoginSchema, inviteCreatedSchema, inviteLookupSchema, inviteTokenParamsSchema } from './schemas'

const GRID_WORKER = { roles: ['grid_worker'] } as const
/** Tokens are 192 random bits; the limit keeps scanning for live ones (and the look-up's cost) bounded. */
export const INVITE_LOOKUP_RATE_LIMIT = { max: 30, timeWindow: '1 minute' }

export default async function inviteRoutes(app: FastifyInstance) {
  const { inviteService } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.post(
    '/api/v1/households/:id/invites',
    {
      config: { access: GRID_WORKER },
      schema: {
        tags: ['residents'],
        summary: 'Create a household invitation',
        description: 'The grid worker of the household → 201; valid 30 days unless revoked. A household outside the scope → 404.',
        security: [{ bearer: [] }],
        params: householdParamsSchema,
        response: { 201: inviteCreatedSchema }
      }
    },
    async (request, reply) => {
      const principal = staffOf(request)
      return reply.status(201).send(await inviteService.create(principal, request.params.id))
    }
  )

  typed.get(
    '/api/v1/invites/:token',
    {
      config: { access: 'public', rateLimit: INVITE_LOOKUP_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'Open a household invitation',
        description:
          'Public, 30 a minute per client address. The village, the address masked and the live members masked; ' +
          'unknown, expired or revoked → 404.',
        params: inviteTokenParamsSchema,
        response: { 200: inviteLookupSchema }
      }
    },
    async (request) => inviteService.lookup(request.params.token)
  )

  typed.post(
    '/api/v1/auth/invitation',
    {
      config: { access: 'public', rateLimit: WECHAT_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Resident sign-in with an invitation (H5)',
        description:
          'Our addition to API.md: a browser has no wx.login, so the invitation it opened is its credential. Answers a ' +
          'resident session (`user: null`) that holds this one invitation and a new identity made by the server: it may ' +
          'certify only with this invitation (another → 404), it ends no later than the invitation, and revoking the ' +
          'invitation ends it (401). Unknown, expired or revoked invitation → 404. 60 a minute per client address.',
        body: invitationLoginSchema,
        response: { 200: loginResponseSchema }
      }
    },
    async (request) => {
      const session = await inviteService.signIn(request.body.inviteToken)
      return { ...session, user: null }
    }
  )

  typed.delete(
    '/api/v1/invites/:token',
    {
      config: { access: GRID_WORKER },
      schema: {
        tags: ['residents'],
        summary: 'Revoke a household invitation',
        description: 'The grid worker of the household → 204 (again: 204). Outside the scope or unknown → 404.',
        security: [{ bearer: [] }],
        params: inviteTokenParamsSchema
      }
    },
    async (request, reply) => {
      await inviteService.revoke(staffOf(request), request.params.token)
      return reply.status(204).send()
    }
  )

  typed.get(
    '/api/v1/invites/:token/wxacode',
    {
      config: { access: GRID_WORKER },
      schema: {
        tags: ['residents'],
        summary: 'The invitation as a 小程序码 (image/png)',
        description:
          "WeChat's wxacode.getUnlimited (at WECHAT_API_BASE) with the token as scene and the invite page. The grid worker " +
          'of the household; expired, revoked, unknown or outside the scope → 404.',
        security: [{ bearer: [] }],
        params: inviteTokenParamsSchema
      }
    },
    async (request, reply) => {
      const png = await inviteService.wxacode(staffOf(request).scope, request.params.token)
      return reply.type('image/png').header('Cache-Control', 'private, no-store').send(png)
    }
  )
}
