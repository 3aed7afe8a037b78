import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { UploadService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    uploadService: UploadService
  }
}

/** Residents' screenshots: upload (metadata stripped) and reading by the household's reviewers. */
async function uploads(app: FastifyInstance) {
  app.decorate('uploadService', new UploadService(app.db, app.config.dataDir, app.now))
  await app.register(routes)
}

export default fp(uploads, { name: 'uploads', dependencies: ['authorization', 'multipart', 'households'] })
