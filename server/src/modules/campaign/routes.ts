import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { activityInputSchema, villageFactsInputSchema } from '../../../../src/core/campaign'
import { staffOf } from '../../plugins/app/authorization'
import { createdSchema, regionQuerySchema } from '../cases/schemas'
import { activityListSchema, villageFactsSchema, villageParamsSchema } from './schemas'
import { requiredRegion } from './regionParam'

export default async function campaignRoutes(app: FastifyInstance) {
  const { campaignService } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/v1/activities',
    {
      config: { access: { roles: ['village_admin', 'official'] } },
      schema: {
        tags: ['scores'],
        summary: 'Record a 宣传活动 of a village or a township',
        description:
          '`regionCode` (our choice of field; API.md names none): a village (12 digits) or a township (9 digits) in ' +
          'the caller’s scope, otherwise 404 — so a village admin records their village’s, an official any village ' +
          'or township of their region. A township’s activity counts for each of its villages. `date` (China time) ' +
          'not after today; `title` free text without phone or ID numbers. Audited.',
        security: [{ bearer: [] }],
        body: activityInputSchema,
        response: { 201: createdSchema }
      }
    },
    async (request, reply) => reply.status(201).send(await campaignService.createActivity(staffOf(request), request.body))
  )

  api.get(
    '/api/v1/activities',
    {
      config: { access: { roles: ['village_admin', 'official', 'admin'] } },
      schema: {
        tags: ['scores'],
        summary: 'Activities that count for a region',
        description:
          'Activities of `region` and of every village and township under it, newest first; for a village also ' +
          'its township’s, which count for it. A region outside the caller’s scope answers 404.',
        security: [{ bearer: [] }],
        querystring: regionQuerySchema,
        response: { 200: activityListSchema }
      }
    },
    async (request) => campaignService.listActivities(staffOf(request), requiredRegion(request.query.region))
  )

  api.put(
    '/api/v1/villages/:code/facts',
    {
      config: { access: { roles: ['village_admin'] } },
      schema: {
        tags: ['scores'],
        summary: 'Set a village’s volunteer team and 96110 warning counts',
        description:
          'The village admin of the village (another village answers 404). The counts are the village’s current ' +
          'standing, not per period: the score of any period reads them as they are. `warningsFollowedUp` may not ' +
          'exceed `warningsReceived`. Answers the facts as stored. Audited with the values before and after.',
        security: [{ bearer: [] }],
        params: villageParamsSchema,
        body: villageFactsInputSchema,
        response: { 200: villageFactsSchema }
      }
    },
    async (request) => campaignService.putFacts(staffOf(request), request.params.code, request.body)
  )
}
