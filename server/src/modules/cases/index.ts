import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { CaseService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    caseService: CaseService
  }
}

/** 涉诈案件: for now the township's anonymised warnings; officials record cases in a later issue. */
async function cases(app: FastifyInstance) {
  app.decorate('caseService', new CaseService(app.db, app.now))
  await app.register(routes)
}

export default fp(cases, { name: 'cases', dependencies: ['authorization', 'rate-limit'] })
