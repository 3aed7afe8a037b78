import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { DatabaseHandle, DialectName } from '../../db/database'
import type { Database } from '../../db/schema'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    dialect: DialectName
  }
}

/**
 * The database, opened and migrated by whoever starts the app (main.ts, a test, a benchmark), which
 * also closes it: the app only borrows it.
 */
async function database(app: FastifyInstance, options: { database: DatabaseHandle }) {
  app.decorate('db', options.database.db)
  app.decorate('dialect', options.database.dialect)
}

export default fp(database, { name: 'database' })
