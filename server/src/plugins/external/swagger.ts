import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'

/** Our OpenAPI description (built from the routes' zod schemas), served at /api/docs. */
async function swaggerPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: { title: '无诈社区 API', version: app.config.version, description: 'See ../shared/API.md for the fixed contract.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }
    },
    transform: jsonSchemaTransform
  })
  // staticCSP: the UI's own policy (with hashes of its inline scripts) replaces the app's on its pages.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true })
}

export default fp(swaggerPlugin, { name: 'swagger', dependencies: ['env'] })
