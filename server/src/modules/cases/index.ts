import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { CaseService } from './service'
import { CaseRecords } from './caseRecords'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    caseService: CaseService
    caseRecords: CaseRecords
  }
}

/** 涉诈案件: officials record and list them (audited); the township's anonymised warnings are drawn from them. */
async function cases(app: FastifyInstance) {
  app.decorate('caseService', new CaseService(app.db, app.now))
  app.decorate('caseRecords', new CaseRecords(app.db, app.auditLog, app.now))
  await app.register(routes)
}

export default fp(cases, { name: 'cases', dependencies: ['authorization', 'rate-limit', 'audit'] })
