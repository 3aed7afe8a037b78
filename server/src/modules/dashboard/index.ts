import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { DashboardService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    dashboardService: DashboardService
  }
}

/** Scores: one village's explained score and gap list, and officials' dashboards of townships, counties and cities. */
async function dashboard(app: FastifyInstance) {
  app.decorate('dashboardService', new DashboardService(app.db, app.ruleSets, app.now))
  await app.register(routes)
}

export default fp(dashboard, { name: 'dashboard', dependencies: ['authorization', 'rulesets'] })
