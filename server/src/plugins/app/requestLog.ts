import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * One concise line per request, and none for health checks: method, the route's pattern (never the
 * path itself, which may carry a token or whatever an attacker typed), the query with every value
 * outside SAFE_QUERY_KEYS redacted (a search term may be a phone or ID number), status and time.
 * Bodies are never logged. Fastify's own request lines are off (`disableRequestLogging` in app.ts).
 */
const SAFE_QUERY_KEYS = new Set(['grid', 'village', 'region', 'filter', 'limit', 'since', 'period', 'dryRun', 'state', 'date'])
const QUIET_ROUTES = new Set(['/api/health'])

export function loggableQuery(query: unknown): Record<string, string> | undefined {
  if (!query || typeof query !== 'object') return undefined
  const entries = Object.entries(query as Record<string, unknown>)
  if (entries.length === 0) return undefined
  return Object.fromEntries(entries.map(([key, value]) => [key, SAFE_QUERY_KEYS.has(key) ? String(value) : '[redacted]']))
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(no route)'
}

async function requestLog(app: FastifyInstance) {
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request)
    if (QUIET_ROUTES.has(route)) return
    request.log.info(
      { method: request.method, route, query: loggableQuery(request.query), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request'
    )
  })
}

export default fp(requestLog, { name: 'request-log' })
