import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { dashboardParamsSchema, dashboardSchema, periodQuerySchema, villageScoreParamsSchema, villageScoreSchema } from './schemas'

const OFFICIALS = { roles: ['official', 'admin', 'village_admin'] } as const

export default async function dashboardRoutes(app: FastifyInstance) {
  const { dashboardService } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.get(
    '/api/v1/dashboard/:regionCode',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['scores'],
        summary: 'Coverage and scores of every village of a township or county, or of the counties of a city',
        description:
          'The region must be a township (9 digits), county (6 digits) or city (4 digits) inside the caller’s scope, ' +
          'otherwise 404 — so a village admin, whose scope is one village, gets 404 here (rankings are for officials). ' +
          'Villages are scored with the rule set in force (named in `ruleSet`) from their roster and campaign records: ' +
          'activities in the period (a township’s count for each of its villages), the village’s volunteer team and ' +
          '96110 warnings, and cases in the period (any one vetoes). A village with no households is `not_started` ' +
          'with `points: null`. `trend`: one point per day of the period that has a daily snapshot (written hourly for ' +
          'today and kept for every day since), with the region’s app coverage, visit coverage in that day’s quarter ' +
          'and certified villages at the end of that day. A malformed `period` answers 400.',
        security: [{ bearer: [] }],
        params: dashboardParamsSchema,
        querystring: periodQuerySchema,
        response: { 200: dashboardSchema }
      }
    },
    async (request) => dashboardService.build(staffOf(request).scope, request.params.regionCode, request.query.period)
  )

  typed.get(
    '/api/v1/scores/villages/:code',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['scores'],
        summary: 'A village’s explained score and gap list',
        description:
          'Every indicator with numerator, denominator, value, points, max points and its rule in Chinese; the vetoes; ' +
          'and for each indicator short of its target how many more to reach its pass line and target, with the ' +
          'households and members to go to (priority members first). Scored with the rule set in force (`ruleSet`). ' +
          'A village outside the caller’s scope, or a code that is not a village, answers 404; grid workers, who see ' +
          'only their own grids, are refused (403). A malformed `period` answers 400.',
        security: [{ bearer: [] }],
        params: villageScoreParamsSchema,
        querystring: periodQuerySchema,
        response: { 200: villageScoreSchema }
      }
    },
    async (request) => dashboardService.villageScore(staffOf(request).scope, request.params.code, request.query.period)
  )
}
