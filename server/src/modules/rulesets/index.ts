import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { RuleSetRepository } from './ruleSetRepository'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    ruleSets: RuleSetRepository
  }
}

/** The score's rule sets: read by every score and dashboard, saved by admins as new versions. */
async function ruleSets(app: FastifyInstance) {
  app.decorate('ruleSets', new RuleSetRepository(app.db, app.auditLog, app.now))
  await app.register(routes)
}

export default fp(ruleSets, { name: 'rulesets', dependencies: ['authorization', 'audit'] })
