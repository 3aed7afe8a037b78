import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { dailyReportQuerySchema, dailyReportSchema } from './schemas'

export default async function reportRoutes(app: FastifyInstance) {
  const { dailyReportService } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.get(
    '/api/v1/reports/daily',
    {
      config: { access: { roles: ['official', 'admin'] } },
      schema: {
        tags: ['scores'],
        summary: 'The day’s and the week’s change of a township, ready to paste into its WeChat group',
        description:
          'Households entered, members newly registered and households visited on the day and in its week (from ' +
          'Monday), in total and per village (villages with any change in the week, those that moved most that day ' +
          'first), and `text`: a Chinese summary naming the villages that moved most, with counts only and no person. ' +
          'Counted from the households, members and visits tables; `coverage` from the day’s daily snapshot. ' +
          '`region` defaults to the caller’s own region and must be a township or county in scope (otherwise 400, or ' +
          '404 outside the scope); `date` defaults to today (China time) and may not be after it.',
        security: [{ bearer: [] }],
        querystring: dailyReportQuerySchema,
        response: { 200: dailyReportSchema }
      }
    },
    async (request) => {
      const staff = staffOf(request)
      return dailyReportService.report(staff.scope, staff.user.scope.regionCode ?? null, request.query.region, request.query.date)
    }
  )
}
