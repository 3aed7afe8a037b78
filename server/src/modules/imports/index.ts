import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ImportService } from './importHouseholds'
import { KeyedQueue } from './keyedQueue'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    importService: ImportService
  }
}

/** Roster spreadsheets (.xlsx): the template, and a checked import written through the sync push. */
async function imports(app: FastifyInstance) {
  app.decorate(
    'importService',
    new ImportService({ db: app.db, cipher: app.cipher, now: app.now, sync: app.syncService, villageQueue: new KeyedQueue() })
  )
  await app.register(routes)
}

export default fp(imports, { name: 'imports', dependencies: ['authorization', 'sync'] })
