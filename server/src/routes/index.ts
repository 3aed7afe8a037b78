import type { FastifyInstance } from 'fastify'
import health from './health'

/** Every API route, in one list: the map of the server. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(health)
}
