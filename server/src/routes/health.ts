import type { FastifyInstance } from 'fastify'

export default async function health(app: FastifyInstance) {
  app.get('/api/health', { config: { access: 'public' } }, async () => ({
    ok: true,
    db: app.deps.database.dialect,
    version: app.deps.config.version
  }))
}
