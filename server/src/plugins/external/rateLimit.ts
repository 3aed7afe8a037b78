import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'

/**
 * Rate limits, set per route (`config.rateLimit`) on the public and login routes. They are keyed on
 * `request.ip`, the socket's peer unless WUZHA_TRUST_PROXY names the proxies whose X-Forwarded-For to
 * believe, so a client cannot pick its own key.
 */
async function rateLimitPlugin(app: FastifyInstance) {
  await app.register(rateLimit, { global: false })
}

export default fp(rateLimitPlugin, { name: 'rate-limit' })
