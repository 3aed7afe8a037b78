import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { notFound } from '../errors'
import { assertCovered } from '../plugins/authorization'
import { GridRepository } from '../repositories/grids'
import { RegionRepository } from '../repositories/regions'
import { gridListQuerySchema, gridListSchema } from '../schemas/grids'

export default async function gridRoutes(app: FastifyInstance) {
  const regions = new RegionRepository(app.deps.database.db)
  const grids = new GridRepository(app.deps.database.db)

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/grids',
    {
      config: { access: { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } },
      schema: {
        tags: ['regions'],
        summary: "A village's grids with their grid workers",
        description:
          "`village` is a 12-digit village/community code. A village outside the caller's scope, or unknown, " +
          'answers 404. A grid worker sees only the grids they work.',
        security: [{ bearer: [] }],
        querystring: gridListQuerySchema,
        response: { 200: gridListSchema }
      }
    },
    async (request) => {
      const { village } = request.query
      assertCovered(request.scope.coversRegion(village), '村社区')
      if (!(await regions.findByCode(village))) throw notFound('村社区')
      const items = await grids.listByVillage(village)
      return { items: items.filter((grid) => request.scope.coversGrid(grid)) }
    }
  )
}
