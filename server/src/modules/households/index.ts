import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { HouseholdService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    householdService: HouseholdService
  }
}

/** Households, their members and visits as staff read them (writes go through the sync module). */
async function households(app: FastifyInstance) {
  app.decorate('householdService', new HouseholdService(app.db, app.cipher, app.now))
  await app.register(routes)
}

export default fp(households, { name: 'households', dependencies: ['authorization', 'regions'] })
