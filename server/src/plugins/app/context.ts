import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { FieldCipher } from '../../crypto/fieldCipher'

declare module 'fastify' {
  interface FastifyInstance {
    cipher: FieldCipher
    /** The server clock; tests inject one to move time (expiry, periods). */
    now: () => Date
  }
}

/** What every module shares besides the database: field encryption and the clock. */
async function context(app: FastifyInstance, options: { cipher: FieldCipher; now: () => Date }) {
  app.decorate('cipher', options.cipher)
  app.decorate('now', options.now)
}

export default fp(context, { name: 'app-context', dependencies: ['env', 'database'] })
