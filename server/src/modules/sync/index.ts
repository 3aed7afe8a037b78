import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { SyncService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    syncService: SyncService
  }
}

/** Sync: the push of outbox mutations (the one write path) and the pull of a grid's changes. */
async function sync(app: FastifyInstance) {
  app.decorate('syncService', new SyncService({ db: app.db, dialect: app.dialect, cipher: app.cipher, now: app.now, auditLog: app.auditLog }))
  await app.register(routes)
}

export default fp(sync, { name: 'sync', dependencies: ['authorization', 'audit'] })
