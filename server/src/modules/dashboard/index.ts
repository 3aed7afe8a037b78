import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { DashboardService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    dashboardService: DashboardService
  }
}

/** Officials' dashboards: coverage and scores of every village of a township or county. */
async function dashboard(app: FastifyInstance) {
  app.decorate('dashboardService', new DashboardService(app.db, app.now))
  await app.register(routes)
}

export default fp(dashboard, { name: 'dashboard', dependencies: ['authorization'] })
