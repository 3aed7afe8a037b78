import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { forbidden, unauthenticated } from '../../errors'
import { ANONYMOUS, principalOf, type Principal, type SessionPrincipal, type StaffPrincipal, type StaffRole } from '../../access/principal'
import { SessionService } from '../../access/sessions'

/**
 * The one authorization mechanism. Every route under /api declares `config.access`:
 * - 'public': anyone (rate limits apply where the route sets them);
 * - 'session': any live session, including a resident's unbound WeChat session;
 * - { roles: [...] }: a staff user with one of these roles.
 * A route without a declaration is refused when the app is built, so none can slip through. The
 * plugin makes `request.principal` once per request; what the principal may see is its `scope`, which
 * repositories put into their SQL (access/scope.ts).
 */
export type Access = 'public' | 'session' | { roles: ReadonlyArray<StaffRole> }

/** A registered API route and what it lets through: the table the authorization tests are generated from. */
export interface RouteEntry {
  method: string
  url: string
  access: Access
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    principal: Principal
  }
  interface FastifyInstance {
    sessions: SessionService
    routeTable: RouteEntry[]
  }
}

/** The staff principal of a `{ roles }` route (the preHandler has let only staff through). */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const principal = request.principal
  if (principal.kind !== 'staff') throw unauthenticated()
  return principal
}

/** The principal of a `'session'` route: staff or resident. */
export function sessionOf(request: FastifyRequest): SessionPrincipal {
  const principal = request.principal
  if (principal.kind === 'anonymous') throw unauthenticated()
  return principal
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match ? match[1] : null
}

async function authorization(app: FastifyInstance) {
  const sessions = new SessionService(app.db, app.now)
  const routeTable: RouteEntry[] = []
  app.decorate('sessions', sessions)
  app.decorate('routeTable', routeTable)
  // Fastify refuses an object as a request decoration's default: every request starts anonymous here.
  app.decorateRequest('principal')
  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS
  })

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1') || route.method === 'HEAD') return
    const access = route.config?.access
    if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no config.access`)
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, access })
  })

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access
    if (access === undefined || access === 'public') return
    const token = bearerToken(request)
    const session = token ? await sessions.authenticate(token) : null
    if (!session) throw unauthenticated(token ? '登录已过期，请重新登录' : '请先登录')
    const principal = principalOf(session)
    request.principal = principal
    if (access === 'session') return
    if (principal.kind !== 'staff') throw forbidden('请先绑定工作人员邀请码')
    if (!access.roles.includes(principal.role)) throw forbidden()
  })
}

export default fp(authorization, { name: 'authorization', dependencies: ['app-context'] })
