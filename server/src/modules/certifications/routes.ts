import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { certificationSubmitSchema } from '../../../../src/core/certification'
import { staffOf } from '../../plugins/app/authorization'
import { residentOf } from './resident'
import { CERTIFICATIONS_PER_DAY, WRONG_PHONE_LAST4_PER_DAY } from './service'
import { certificationCreatedSchema, certificationListQuerySchema, certificationViewSchema, myCertificationsSchema } from './schemas'

const REVIEWERS = { roles: ['grid_worker', 'village_admin'] } as const
const SUBMIT_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }

export default async function certificationRoutes(app: FastifyInstance) {
  const { certificationService } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.post(
    '/api/v1/certifications',
    {
      config: { access: 'session', rateLimit: SUBMIT_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'Submit a certification (resident)',
        description:
          'A resident’s session (WeChat, or a browser’s from POST /auth/invitation) with a live invitation (`inviteToken`; ' +
          'unknown, expired or revoked → 404; a browser session only its own invitation, another → 404). The ' +
          'member must belong to the invitation’s household (else 404). `phoneLast4` (our addition): required when the ' +
          'member has a phone on file (GET /invites/:token says so with `needsPhoneLast4`), its last four digits; wrong or ' +
          `missing → 400 naming it, ${WRONG_PHONE_LAST4_PER_DAY} wrong answers a day per identity (a browser’s: also per invitation) → 429. \`uploadId\`: an ` +
          `upload of this identity. At most ${CERTIFICATIONS_PER_DAY} a day per identity and 10 a minute per address (429). Staff → 403.`,
        security: [{ bearer: [] }],
        body: certificationSubmitSchema,
        response: { 201: certificationCreatedSchema }
      }
    },
    async (request, reply) => reply.status(201).send(await certificationService.submit(residentOf(request), request.body))
  )

  typed.get(
    '/api/v1/certifications',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['residents'],
        summary: 'Certifications of a grid (review queue)',
        description: 'Oldest first; `state` defaults to pending. A grid outside the scope → 404. Decisions go through sync/push (`certification.review`).',
        security: [{ bearer: [] }],
        querystring: certificationListQuerySchema,
        response: { 200: z.object({ items: z.array(certificationViewSchema) }) }
      }
    },
    async (request) => certificationService.listOfGrid(staffOf(request).scope, request.query.grid, request.query.state)
  )

  typed.get(
    '/api/v1/certifications/mine',
    {
      config: { access: 'session' },
      schema: {
        tags: ['residents'],
        summary: 'What this resident identity submitted',
        description: 'Newest first (at most 50), with the state and, when not accepted, the reason. Staff → 403.',
        security: [{ bearer: [] }],
        response: { 200: myCertificationsSchema }
      }
    },
    async (request) => certificationService.mine(residentOf(request))
  )
}
