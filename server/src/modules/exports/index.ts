import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ExportService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    exportService: ExportService
  }
}

/** Excel exports for superiors: a village's roster and a region's village summary, each audited. */
async function exportsModule(app: FastifyInstance) {
  app.decorate('exportService', new ExportService(app.db, app.cipher, app.auditLog, app.dashboardService, app.now))
  await app.register(routes)
}

export default fp(exportsModule, { name: 'exports', dependencies: ['authorization', 'audit', 'dashboard'] })
