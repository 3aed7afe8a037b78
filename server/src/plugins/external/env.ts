import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { ServerConfig } from '../../config'

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig
  }
}

/** The configuration, read and validated once at start (config.ts), for every plugin and module. */
async function env(app: FastifyInstance, options: { config: ServerConfig }) {
  app.decorate('config', options.config)
}

export default fp(env, { name: 'env' })
