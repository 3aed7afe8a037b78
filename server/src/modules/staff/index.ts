import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { StaffAdmin } from './staffAdmin'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    staffAdmin: StaffAdmin
  }
}

/** Grids and staff (API.md): creating and renaming grids, assigning grid workers, staff invitation codes. */
async function staff(app: FastifyInstance) {
  app.decorate('staffAdmin', new StaffAdmin(app.db, app.cipher, app.auditLog, app.now))
  await app.register(routes)
}

export default fp(staff, { name: 'staff', dependencies: ['authorization', 'audit', 'regions'] })
