import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { UploadService, type ContentCheck } from './service'
import { ContentLinks, MediaCheckClient } from './contentCheck'
import routes from './routes'
import { scheduleHourly } from '../../jobs/scheduleHourly'

declare module 'fastify' {
  interface FastifyInstance {
    uploadService: UploadService
  }
}

/**
 * Residents' screenshots: upload (metadata stripped), WeChat's content check where WUZHA_PUBLIC_URL is
 * set, reading by the household's reviewers, and the maintenance job that retries checks and deletes
 * screenshots after their retention.
 */
async function uploads(app: FastifyInstance) {
  const { config } = app
  const check: ContentCheck | null = config.publicUrl
    ? { client: new MediaCheckClient(app.wechatAccessToken), links: new ContentLinks(app.cipher, config.publicUrl) }
    : null
  const service = new UploadService(app.db, config.dataDir, app.now, {
    check,
    retentionDays: config.screenshotRetentionDays,
    log: app.log,
    browserUploads: !config.production,
    auditLog: app.auditLog
  })
  app.decorate('uploadService', service)
  await app.register(routes)
  // Content check retries and the purge, hourly and once at start.
  scheduleHourly(app, 'upload maintenance', () => service.maintain(), (result) =>
    result.checksRequested > 0 || result.purged > 0 ? result : null
  )
}

export default fp(uploads, { name: 'uploads', dependencies: ['authorization', 'audit', 'multipart', 'households', 'wechat'] })
