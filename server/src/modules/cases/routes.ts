import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { warningListSchema, warningParamsSchema } from './schemas'

/** Read by the public 防骗知识 page once per visit; this is far above that and far below scraping. */
export const WARNINGS_RATE_LIMIT = { max: 30, timeWindow: '1 minute' }

export default async function caseRoutes(app: FastifyInstance) {
  const { caseService } = app
  app.withTypeProvider<ZodTypeProvider>().get(
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
}
