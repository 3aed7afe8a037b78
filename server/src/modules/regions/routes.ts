import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { isRegionCode, type RegionLevel } from '../../../../src/core/regions'
import type { RegionDetail, RegionRef } from '../../../../src/core/api'
import type { RegionRow } from '../../db/schema'
import { notFound, validationFailed } from '../../errors'
import { staffOf } from '../../plugins/app/authorization'
import { gridListQuerySchema, gridListSchema, regionDetailSchema } from './schemas'

const STAFF = { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } as const

function toRegionRef(row: RegionRow): RegionRef {
  return { code: row.code, name: row.name, level: row.level as RegionLevel }
}

export default async function regionRoutes(app: FastifyInstance) {
  const { regionRepository, gridRepository } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/v1/regions/:code',
    {
      config: { access: STAFF },
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
      const region = await regionRepository.findVisible(code, staffOf(request).scope)
      if (!region) throw notFound('地区')
      const children = await regionRepository.childrenOf(code)
      return { ...toRegionRef(region), parentCode: region.parent_code, children: children.map(toRegionRef) }
    }
  )

  api.get(
    '/api/v1/grids',
    {
      config: { access: STAFF },
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
      const { scope } = staffOf(request)
      if (!(await regionRepository.findVisible(village, scope))) throw notFound('村社区')
      return { items: await gridRepository.listVisibleByVillage(village, scope) }
    }
  )
}
