import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { AuthService } from './service'
import { WechatClient } from './wechat'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    authService: AuthService
  }
}

/** Sign-in (password, WeChat), binding a staff invitation, logout and GET /me. */
async function auth(app: FastifyInstance) {
  app.decorate('authService', new AuthService(app.db, app.now, new WechatClient(app.config), app.cipher, app.auditLog))
  await app.register(routes)
}

export default fp(auth, { name: 'auth', dependencies: ['authorization', 'audit'] })
