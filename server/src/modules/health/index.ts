import type { FastifyInstance } from 'fastify'

/** `GET /api/health`: whether the server and its database answer (API.md). */
export default async function health(app: FastifyInstance) {
  app.get('/api/health', { config: { access: 'public' } }, async () => ({
    ok: true,
    db: app.dialect,
    version: app.config.version
  }))
}
