import fs from 'node:fs'
import Fastify, { LogController, type FastifyInstance, type FastifyLoggerOptions } from 'fastify'
import fastifyStatic from '@fastify/static'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { ServerConfig } from './config'
import type { DatabaseHandle } from './db/database'
import type { FieldCipher } from './crypto/fieldCipher'
import env from './plugins/external/env'
import database from './plugins/external/database'
import helmet from './plugins/external/helmet'
import rateLimit from './plugins/external/rateLimit'
import multipart from './plugins/external/multipart'
import swagger from './plugins/external/swagger'
import context from './plugins/app/context'
import errorHandler, { answerRoutingError } from './plugins/app/errorHandler'
import requestLog from './plugins/app/requestLog'
import privateAnswers from './plugins/app/privateAnswers'
import authorization from './plugins/app/authorization'
import health from './modules/health'
import auth from './modules/auth'
import regions from './modules/regions'
import households from './modules/households'
import sync from './modules/sync'
import imports from './modules/imports'
import ruleSets from './modules/rulesets'
import reports from './modules/reports'
import dashboard from './modules/dashboard'
import wechat from './modules/wechat'
import invites from './modules/invites'
import uploads from './modules/uploads'
import certifications from './modules/certifications'
import wechatStandIn from './modules/wechatStandIn'
import badges from './modules/badges'
import cases from './modules/cases'
import staff from './modules/staff'
import audit from './modules/audit'
import campaign from './modules/campaign'
import exportsModule from './modules/exports'
import retention from './modules/retention'

export interface AppDeps {
  config: ServerConfig
  database: DatabaseHandle
  cipher: FieldCipher
  /** Injectable clock for tests of expiry and periods. */
  now?: () => Date
}

export interface AppOptions {
  /** Logger options (main.ts, tests that read the log) or false. */
  logger?: boolean | FastifyLoggerOptions
}

/**
 * Builds the whole app without listening: tests call `app.inject`, main.ts calls `listen`. Plugins load
 * in three layers, as in fastify/demo: infrastructure (plugins/external), what every module shares
 * (plugins/app: clock and cipher, errors, logging, authorization), then one plugin per domain
 * (modules/<domain>, each with its routes, service, repositories and schemas). This list is the map of
 * the server.
 */
export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // One concise line per request comes from plugins/app/requestLog instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    frameworkErrors: answerRoutingError
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  acceptEmptyJsonBodies(app)

  await app.register(env, { config: deps.config })
  await app.register(database, { database: deps.database })
  await app.register(helmet)
  await app.register(rateLimit)
  await app.register(multipart)
  await app.register(swagger)

  await app.register(context, { cipher: deps.cipher, now: deps.now ?? (() => new Date()) })
  await app.register(errorHandler)
  await app.register(requestLog)
  await app.register(privateAnswers)
  await app.register(authorization)
  await app.register(audit)

  await app.register(health)
  await app.register(auth)
  await app.register(regions)
  await app.register(households)
  await app.register(sync)
  await app.register(imports)
  await app.register(ruleSets)
  await app.register(dashboard)
  await app.register(reports)
  await app.register(wechat)
  await app.register(invites)
  await app.register(uploads)
  await app.register(certifications)
  await app.register(wechatStandIn)
  await app.register(badges)
  await app.register(cases)
  await app.register(staff)
  await app.register(campaign)
  await app.register(exportsModule)
  await app.register(retention)

  const h5Dir = deps.config.h5Dir
  if (h5Dir && fs.existsSync(h5Dir)) {
    // preCompressed: the build writes .br and .gz twins of its text files (config/index.ts), sent to
    // browsers that accept them. `index` as an array: with preCompressed, a string finds no index for /.
    await app.register(fastifyStatic, { root: h5Dir, prefix: '/', wildcard: false, index: ['index.html'], preCompressed: true })
    // The H5 build's service worker (at the root, so its scope is the whole app): browsers must ask for
    // it again on every update check, or a phone could keep an old deployment's precache. The other
    // files keep @fastify/static's caching; their names change with their content.
    app.addHook('onSend', async (request, reply) => {
      if (request.routeOptions.url === SERVICE_WORKER_PATH) void reply.header('Cache-Control', 'no-cache')
    })
  }
  return app
}

/** Where the H5 build's service worker is served (config/index.ts writes it; src/services/serviceWorker.ts registers it). */
export const SERVICE_WORKER_PATH = '/sw.js'

/** Fastify counts trusted hops with a function; a hop count of `n` trusts the `n` nearest proxies. */
function trustProxyOption(setting: ServerConfig['trustProxy']) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting
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
