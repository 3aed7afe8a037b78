import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { GridRepository } from './gridRepository'
import { RegionRepository } from './regionRepository'
import routes from './routes'

declare module 'fastify' {
  interface FastifyInstance {
    regionRepository: RegionRepository
    gridRepository: GridRepository
  }
}

/** The region tree (统计用区划代码) and the grids villages are split into. */
async function regions(app: FastifyInstance) {
  app.decorate('regionRepository', new RegionRepository(app.db))
  app.decorate('gridRepository', new GridRepository(app.db))
  await app.register(routes)
}

export default fp(regions, { name: 'regions', dependencies: ['authorization'] })
