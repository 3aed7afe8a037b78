import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { badgeCheckSchema, badgeIssueSchema, badgeParamsSchema } from './schemas'

/** A resident checks one badge at a time; this leaves room for a shared carrier address, not for guessing. */
export const BADGE_CHECK_RATE_LIMIT = { max: 30, timeWindow: '1 minute' }

export default async function badgeRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { badgeService } = app

  api.get(
    '/api/v1/me/badge',
    {
      config: { access: { roles: ['grid_worker'] } },
      schema: {
        tags: ['residents'],
        summary: 'The grid worker’s badge tokens',
        description:
          'Signed tokens, one per 5-minute slot, for the next 12 hours (`batch`); `token`/`expiresAt` are the current ' +
          'slot’s. The phone stores the batch and shows the token of the current slot, so the badge works without ' +
          'signal. Nothing is stored on the server: a token is checked by its signature, its slot and the user.',
        security: [{ bearer: [] }],
        response: { 200: badgeIssueSchema }
      }
    },
    async (request) => badgeService.issue(staffOf(request).user.id)
  )

  api.get(
    '/api/v1/badges/:token',
    {
      config: { access: 'public', rateLimit: BADGE_CHECK_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'Check a badge (public)',
        description:
          'Valid while the token’s slot (± 2 minutes) is now, its signature checks and its user is an enabled grid ' +
          'worker: then the masked name, role, village and grids. Anything else — expired, forged, malformed, a ' +
          'disabled or re-assigned user — answers `valid: false` with every other field null, so an old or ' +
          'copied token reveals nothing. 30 checks a minute per client address (429).',
        params: badgeParamsSchema,
        response: { 200: badgeCheckSchema }
      }
    },
    async (request) => badgeService.check(request.params.token)
  )
}
