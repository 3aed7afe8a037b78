import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { AuditLog } from './auditLog'

declare module 'fastify' {
  interface FastifyInstance {
    auditLog: AuditLog
  }
}

/** The append-only, hash-chained audit log that modules write to inside their own transactions. */
async function audit(app: FastifyInstance) {
  app.decorate('auditLog', new AuditLog(app.dialect, app.now))
}

export default fp(audit, { name: 'audit', dependencies: ['database', 'app-context'] })
