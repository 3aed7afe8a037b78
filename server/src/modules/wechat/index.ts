import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { WechatAccessToken } from './accessToken'

declare module 'fastify' {
  interface FastifyInstance {
    wechatAccessToken: WechatAccessToken
  }
}

/** The server's one WeChat access token, shared by the modules that call WeChat's server API. */
async function wechat(app: FastifyInstance) {
  app.decorate('wechatAccessToken', new WechatAccessToken(app.config, app.now))
}

export default fp(wechat, { name: 'wechat', dependencies: ['env', 'app-context'] })
