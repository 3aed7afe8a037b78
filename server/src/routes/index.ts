import type { FastifyInstance } from 'fastify'
import health from './health'
import auth from './auth'
import me from './me'
import regions from './regions'
import grids from './grids'
import wechatStandIn from './wechatStandIn'
import sync from './sync'
import households from './households'
import dashboard from './dashboard'
import imports from './imports'

/** Every API route, in one list: the map of the server. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(health)
  await app.register(auth)
  await app.register(me)
  await app.register(regions)
  await app.register(grids)
  await app.register(sync)
  await app.register(households)
  await app.register(dashboard)
  await app.register(imports)
  // Demo mode and tests only; the plugin refuses to register in production.
  await app.register(wechatStandIn)
}
