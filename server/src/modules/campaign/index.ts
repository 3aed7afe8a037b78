import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { CampaignService } from './service'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    campaignService: CampaignService
  }
}

/** 宣传活动 and village facts (DESIGN §2), each change audited; the scores read them through dashboard/campaignFacts. */
async function campaign(app: FastifyInstance) {
  app.decorate('campaignService', new CampaignService(app.db, app.auditLog, app.now))
  await app.register(routes)
}

export default fp(campaign, { name: 'campaign', dependencies: ['authorization', 'audit'] })
