import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { isRegionCode, type RegionLevel } from '../../../src/core/regions'
import type { RegionDetail, RegionRef } from '../../../src/core/api'
import type { RegionRow } from '../db/schema'
import { notFound, validationFailed } from '../errors'
import { assertCovered } from '../plugins/authorization'
import { RegionRepository } from '../repositories/regions'
import { regionDetailSchema } from '../schemas/regions'

function toRegionRef(row: RegionRow): RegionRef {
  return { code: row.code, name: row.name, level: row.level as RegionLevel }
}

export default async function regionRoutes(app: FastifyInstance) {
  const regions = new RegionRepository(app.deps.database.db)

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/regions/:code',
    {
      config: { access: { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } },
      schema: {
        tags: ['regions'],
        summary: 'A region and its direct children',
        description:
          'The code is a 统计用区划代码 of 2, 4, 6, 9 or 12 digits (otherwise 400). A region above or beside the ' +
          "caller's scope answers 404, the same as an unknown one.",
        security: [{ bearer: [] }],
        params: z.object({ code: z.string() }),
        response: { 200: regionDetailSchema }
      }
    },
    async (request): Promise<RegionDetail> => {
      const { code } = request.params
      // Checked here rather than in the params schema: its field label would be the login code's.
      if (!isRegionCode(code)) throw validationFailed([{ field: 'code', message: '区划代码格式不正确，应为2、4、6、9或12位数字' }])
      assertCovered(request.scope.coversRegion(code), '地区')
      const region = await regions.findByCode(code)
      if (!region) throw notFound('地区')
      const children = await regions.childrenOf(code)
      return { ...toRegionRef(region), parentCode: region.parent_code, children: children.map(toRegionRef) }
    }
  )
}
