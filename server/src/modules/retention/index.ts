import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { scheduleHourly } from '../../jobs/scheduleHourly'
import { purgeExpired, type PurgeCounts } from './retention'

declare module 'fastify' {
  interface FastifyInstance {
    /** One run of the retention job now (the hourly job calls the same). */
    purgeExpired(): Promise<PurgeCounts>
  }
}

/** Retention: the hourly job that deletes expired sessions, invitations and failure counters (no routes). */
async function retention(app: FastifyInstance) {
  const options = { expiredRetentionDays: app.config.expiredRetentionDays, loginFailureTtlHours: app.config.loginFailureTtlHours }
  app.decorate('purgeExpired', () => purgeExpired(app.db, app.auditLog, app.now(), options))
  scheduleHourly(app, 'retention', () => app.purgeExpired(), (counts) => (Object.values(counts).some((count) => count > 0) ? counts : null))
}

export default fp(retention, { name: 'retention', dependencies: ['database', 'app-context', 'audit'] })
