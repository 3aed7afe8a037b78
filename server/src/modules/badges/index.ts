import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { BadgeService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    badgeService: BadgeService
  }
}

/** The grid worker's badge: signed short-lived tokens and their public check. */
async function badges(app: FastifyInstance) {
  app.decorate('badgeService', new BadgeService(app.db, app.now, app.cipher))
  await app.register(routes)
}

export default fp(badges, { name: 'badges', dependencies: ['authorization', 'rate-limit'] })
