import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { InviteService } from './service'
import { WechatCodeClient } from './wechatCodes'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    inviteService: InviteService
  }
}

/** Household invitations (QR codes) for residents: create, open, revoke, 小程序码. */
async function invites(app: FastifyInstance) {
  app.decorate('inviteService', new InviteService(app.db, app.now, new WechatCodeClient(app.wechatAccessToken), app.auditLog))
  await app.register(routes)
}

export default fp(invites, { name: 'invites', dependencies: ['authorization', 'audit', 'households', 'wechat'] })
