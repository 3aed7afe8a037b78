import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { dashboardParamsSchema, dashboardQuerySchema, dashboardSchema } from './schemas'

export default async function dashboardRoutes(app: FastifyInstance) {
  const { dashboardService } = app
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/dashboard/:regionCode',
    {
      config: { access: { roles: ['official', 'admin', 'village_admin'] } },
      schema: {
        tags: ['scores'],
        summary: 'Coverage and scores of every village of a township or county',
        description:
          'The region must be a township (9 digits) or county (6 digits) inside the caller’s scope, otherwise 404 — ' +
          'so a village admin, whose scope is one village, gets 404 here (rankings are for officials). Villages ' +
          'are scored with the default rule set from their roster and campaign records: activities in the period ' +
          '(a township’s count for each of its villages), the village’s volunteer team and 96110 warnings, and ' +
          'cases in the period (any one vetoes). `trend` is empty until score history is kept. A malformed `period` ' +
          'answers 400.',
        security: [{ bearer: [] }],
        params: dashboardParamsSchema,
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema }
      }
    },
    async (request) => dashboardService.build(staffOf(request).scope, request.params.regionCode, request.query.period)
  )
}
