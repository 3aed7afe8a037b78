import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { DailyReportService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    dailyReportService: DailyReportService
  }
}

/** The daily report a township pastes into its WeChat group instead of typing one (issue #9 point 7). */
async function reports(app: FastifyInstance) {
  app.decorate('dailyReportService', new DailyReportService(app.db, app.now))
  await app.register(routes)
}

export default fp(reports, { name: 'reports', dependencies: ['authorization', 'dashboard'] })
