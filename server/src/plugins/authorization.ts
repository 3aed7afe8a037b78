import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Role, User } from '../../../src/core/api'
import { forbidden, notFound, unauthenticated } from '../errors'
import { Scope } from '../services/scope'
import type { AuthenticatedSession, SessionService } from '../services/sessions'

/**
 * The one authorization mechanism. Every route under /api declares `config.access`:
 * - 'public': anyone (rate limits apply where the route sets them);
 * - 'session': any live session, including a resident's unbound WeChat session;
 * - { roles: [...] }: a staff user with one of these roles; `request.scope` then says what they cover.
 * A route without a declaration is refused when the app is built, so none can slip through.
 */
export type Access = 'public' | 'session' | { roles: ReadonlyArray<Exclude<Role, 'resident'>> }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    session: AuthenticatedSession | null
    /** Set for staff routes: the signed-in user's region/grid scope. */
    scope: Scope
  }
}

/** The signed-in staff user of a `{ roles }` route. */
export function staffUser(request: FastifyRequest): User {
  const user = request.session?.user
  if (!user) throw unauthenticated()
  return user
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match ? match[1] : null
}

async function authorization(app: FastifyInstance, options: { sessions: SessionService }) {
  app.decorateRequest('session', null)
  app.decorateRequest('scope', null as unknown as Scope)

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && route.config?.access === undefined && route.method !== 'HEAD') {
      throw new Error(`route ${route.method} ${route.url} declares no config.access`)
    }
  })

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access
    if (access === undefined || access === 'public') return
    const token = bearerToken(request)
    const session = token ? await options.sessions.authenticate(token) : null
    if (!session) throw unauthenticated(token ? '登录已过期，请重新登录' : '请先登录')
    request.session = session
    if (access === 'session') return
    const user = session.user
    if (!user) throw forbidden('请先绑定工作人员邀请码')
    if (!access.roles.includes(user.role as Exclude<Role, 'resident'>)) throw forbidden()
    request.scope = Scope.of(user)
  })
}

export default fp(authorization, { name: 'authorization' })

/** Throws 404 unless the scope covers the thing: the one way handlers and services say "not yours". */
export function assertCovered(covered: boolean, what?: string): void {
  if (!covered) throw notFound(what)
}
