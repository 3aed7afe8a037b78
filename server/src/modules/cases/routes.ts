import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { caseInputSchema } from '../../../../src/core/campaign'
import { staffOf } from '../../plugins/app/authorization'
import { requiredRegion } from '../campaign/regionParam'
import { caseListSchema, createdSchema, regionQuerySchema, warningListSchema, warningParamsSchema } from './schemas'

/** Read by the public 防骗知识 page once per visit; this is far above that and far below scraping. */
export const WARNINGS_RATE_LIMIT = { max: 30, timeWindow: '1 minute' }

export default async function caseRoutes(app: FastifyInstance) {
  const { caseService, caseRecords } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  api.get(
    '/api/v1/regions/:code/warnings',
    {
      config: { access: 'public', rateLimit: WARNINGS_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'Anonymised fraud warnings of a township (public)',
        description:
          'Incidents (cases with a local victim) of the township’s villages in the last 12 months, each as month, ' +
          'fraud type, loss band (none, under 10,000 yuan, 10,000–100,000, over 100,000) and the victim’s age band — ' +
          'never the village, day, exact loss, note or any name. Fewer than 3 incidents → an empty list, so no ' +
          'warning singles out a victim. A code that is not 9 digits → 400; an unknown township → 404. ' +
          '30 requests a minute per client address (429).',
        params: warningParamsSchema,
        response: { 200: warningListSchema }
      }
    },
    async (request) => caseService.warnings(request.params.code)
  )

  api.post(
    '/api/v1/cases',
    {
      config: { access: { roles: ['official'] } },
      schema: {
        tags: ['scores'],
        summary: 'Record a 涉诈案件 (veto item) of a village',
        description:
          'Township and county officials, for a village in their scope (otherwise 404). `kind`: incident (涉诈警情 with ' +
          'a local victim), suspect or den; `fraudType` from the fraud type list; `loss` whole yuan ≥ 0; `note` free ' +
          'text without phone or ID numbers; `date` (China time) not after today. Our addition: `ageBand`, the ' +
          'victim’s age band, for incidents only (the public warnings show it). Any case in a village within a ' +
          'period vetoes its score. Audited.',
        security: [{ bearer: [] }],
        body: caseInputSchema,
        response: { 201: createdSchema }
      }
    },
    async (request, reply) => reply.status(201).send(await caseRecords.create(staffOf(request), request.body))
  )

  api.get(
    '/api/v1/cases',
    {
      config: { access: { roles: ['official', 'admin'] } },
      schema: {
        tags: ['scores'],
        summary: 'Case records of the villages of a region',
        description: 'Every case of the villages at or under `region` (in the caller’s scope, otherwise 404), newest first.',
        security: [{ bearer: [] }],
        querystring: regionQuerySchema,
        response: { 200: caseListSchema }
      }
    },
    async (request) => caseRecords.list(staffOf(request), requiredRegion(request.query.region))
  )
}

