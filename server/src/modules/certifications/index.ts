import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { CertificationService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    certificationService: CertificationService
  }
}

/** Residents' certifications: submit with an invitation, the grid's review queue, the resident's own. */
async function certifications(app: FastifyInstance) {
  app.decorate('certificationService', new CertificationService(app.db, app.dialect, app.cipher, app.now, app.inviteService, app.auditLog))
  await app.register(routes)
}

export default fp(certifications, { name: 'certifications', dependencies: ['authorization', 'audit', 'invites', 'uploads'] })
