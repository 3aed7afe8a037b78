import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

/**
 * API answers carry personal data (names, masked numbers, addresses) or session tokens: no browser,
 * proxy or WeChat cache may keep them. The H5 app's static files keep their normal caching.
 */
async function privateAnswers(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/v1/')) void reply.header('Cache-Control', 'no-store')
  })
}

export default fp(privateAnswers, { name: 'private-answers' })
