import type { FastifyInstance } from 'fastify'

/** How often the server's maintenance jobs run (also once at start). */
export const JOB_INTERVAL_MS = 3600 * 1000

/**
 * Runs `job` once when the app is ready and then every JOB_INTERVAL_MS: runs one after another (never two
 * at once), on a timer that does not keep the process alive; close waits for a run. A failure is logged
 * and the next run tries again. `report` turns a run's answer into a log line, or null for nothing to say.
 */
export function scheduleHourly<T>(app: FastifyInstance, name: string, job: () => Promise<T>, report: (result: T) => object | null): void {
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null
  const run = () => {
    running = running.then(async () => {
      try {
        const line = report(await job())
        if (line) app.log.info(line, name)
      } catch (error) {
        app.log.error({ error: error instanceof Error ? error.message : String(error) }, `${name} failed`)
      }
    })
  }
  app.addHook('onReady', async () => {
    run()
    timer = setInterval(run, JOB_INTERVAL_MS)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    await running
  })
}
