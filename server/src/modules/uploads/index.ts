import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { UploadService, type ContentCheck } from './service'
import { ContentLinks, MediaCheckClient } from './contentCheck'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    uploadService: UploadService
  }
}

/** How often the maintenance job (content check retries, purge) runs; also once at start. */
export const MAINTENANCE_INTERVAL_MS = 3600 * 1000

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
    browserUploads: !config.production
  })
  app.decorate('uploadService', service)
  await app.register(routes)
  scheduleMaintenance(app, service)
}

/** Runs one after another (never two at once), on a timer that does not keep the process alive; close waits for a run. */
function scheduleMaintenance(app: FastifyInstance, service: UploadService): void {
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null
  const run = () => {
    running = running.then(async () => {
      try {
        const result = await service.maintain()
        if (result.checksRequested > 0 || result.purged > 0) app.log.info(result, 'upload maintenance')
      } catch (error) {
        app.log.error({ error: error instanceof Error ? error.message : String(error) }, 'upload maintenance failed')
      }
    })
  }
  app.addHook('onReady', async () => {
    run()
    timer = setInterval(run, MAINTENANCE_INTERVAL_MS)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    await running
  })
}

export default fp(uploads, { name: 'uploads', dependencies: ['authorization', 'multipart', 'households', 'wechat'] })
