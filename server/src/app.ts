import fs from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { ServerConfig } from './config'
import type { DatabaseHandle } from './db/database'
import type { FieldCipher } from './crypto/fieldCipher'
import errorHandler, { answerRoutingError } from './plugins/errorHandler'
import authorization from './plugins/authorization'
import { SessionService } from './services/sessions'
import { registerRoutes } from './routes'

export interface AppDeps {
  config: ServerConfig
  database: DatabaseHandle
  cipher: FieldCipher
  /** Injectable clock for tests of expiry and periods. */
  now?: () => Date
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Required<AppDeps>
  }
}

/** Builds the whole app without listening: tests call `app.inject`, main.ts calls `listen`. */
export async function buildApp(deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
    frameworkErrors: answerRoutingError
  }).withTypeProvider<ZodTypeProvider>()
  const full: Required<AppDeps> = { now: () => new Date(), ...deps }
  app.decorate('deps', full)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  acceptEmptyJsonBodies(app)
  await app.register(errorHandler)
  await app.register(rateLimit, { global: false })
  await app.register(swagger, {
    openapi: {
      info: { title: '无诈社区 API', version: full.config.version, description: 'See ../shared/API.md for the fixed contract.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }
    },
    transform: jsonSchemaTransform
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  await app.register(authorization, { sessions: new SessionService(full.database.db, full.now) })
  await registerRoutes(app)

  if (full.config.h5Dir && fs.existsSync(full.config.h5Dir)) {
    await app.register(fastifyStatic, { root: full.config.h5Dir, prefix: '/', wildcard: false, index: 'index.html' })
  }
  return app
}

/**
 * wx.request sends `Content-Type: application/json` with an empty body for a body-less POST such as
 * logout; Fastify would refuse that with 400. An empty body is read as "no body"; anything else goes
 * through Fastify's own JSON parser, keeping its prototype-poisoning protection.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined)
    return parseJson(request, body as string, done)
  })
}
