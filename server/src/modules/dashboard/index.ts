import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { DashboardService } from './service'
import routes from './routes'
import { DailySnapshots } from './dailySnapshots'
import { scheduleHourly } from '../../jobs/scheduleHourly'

declare module 'fastify' {
  interface FastifyInstance {
    dashboardService: DashboardService
    dailySnapshots: DailySnapshots
  }
}

/**
 * Scores: one village's explained score and gap list, officials' dashboards of townships, counties and
 * cities, and the daily snapshots behind their trend.
 */
async function dashboard(app: FastifyInstance) {
  const service = new DashboardService(app.db, app.ruleSets, app.now)
  const snapshots = new DailySnapshots(app.db, service, app.now)
  app.decorate('dashboardService', service)
  app.decorate('dailySnapshots', snapshots)
  await app.register(routes)
  // Today's rows of the trend, hourly and once at start (the last run of a day leaves that day's figures).
  scheduleHourly(app, 'daily snapshots', () => snapshots.takeToday(), () => null)
}

export default fp(dashboard, { name: 'dashboard', dependencies: ['authorization', 'rulesets'] })
