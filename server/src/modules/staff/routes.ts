import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { gridCreateSchema, gridPatchSchema, staffInviteCreateSchema } from '../../../../src/core/staff'
import { isRegionCode } from '../../../../src/core/regions'
import { staffOf } from '../../plugins/app/authorization'
import { validationFailed } from '../../errors'
import { requiredRegion } from '../campaign/regionParam'
import {
  codeParamsSchema,
  gridParamsSchema,
  gridSchema,
  regionQuerySchema,
  staffInviteCreatedSchema,
  staffInviteListSchema,
  villageWorkerListSchema
} from './schemas'

/** API.md "Grids and staff": village admins within their village, admins anywhere. */
const MANAGERS = { roles: ['village_admin', 'admin'] } as const

function regionCodeOf(code: string, field: string): string {
  if (!isRegionCode(code)) throw validationFailed([{ field, message: '地区代码格式不正确，应为2、4、6、9或12位数字' }])
  return code
}

export default async function staffRoutes(app: FastifyInstance) {
  const { staffAdmin } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/v1/grids',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['regions'],
        summary: 'Create a grid in a village',
        description:
          '`name` 1–20 characters (trimmed), unique in the village (otherwise 409). A village outside the caller’s ' +
          'scope → 404. Audited.',
        security: [{ bearer: [] }],
        body: gridCreateSchema,
        response: { 201: gridSchema }
      }
    },
    async (request, reply) => reply.status(201).send(await staffAdmin.createGrid(staffOf(request), request.body))
  )

  api.patch(
    '/api/v1/grids/:id',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['regions'],
        summary: 'Rename a grid and/or set its grid workers',
        description:
          '`workerIds` replaces the grid’s grid workers; each must be an active grid worker of the grid’s village ' +
          '(otherwise 400). A worker keeps their other grids. A grid outside the caller’s scope → 404. Audited.',
        security: [{ bearer: [] }],
        params: gridParamsSchema,
        body: gridPatchSchema,
        response: { 200: gridSchema }
      }
    },
    async (request) => staffAdmin.patchGrid(staffOf(request), request.params.id, request.body)
  )

  api.get(
    '/api/v1/regions/:code/workers',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['regions'],
        summary: 'A village’s grid workers with their grids (our addition to API.md)',
        description: 'Active grid workers of the village, by name; the choices when assigning workers to a grid.',
        security: [{ bearer: [] }],
        params: z.object({ code: z.string() }),
        response: { 200: villageWorkerListSchema }
      }
    },
    async (request) => staffAdmin.villageWorkers(staffOf(request), regionCodeOf(request.params.code, 'code'))
  )

  api.post(
    '/api/v1/staff-invites',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['auth'],
        summary: 'Issue a staff invitation code',
        description:
          'A village admin invites grid workers of their village (`gridIds`: one or more of its grids); an admin ' +
          'also village admins (a village) and officials (a township or county). Our addition: optional `name` ' +
          '(the new user’s name; default 新网格员). The code is usable once, for 7 days, until revoked. Audited ' +
          '(without the code).',
        security: [{ bearer: [] }],
        body: staffInviteCreateSchema,
        response: { 201: staffInviteCreatedSchema }
      }
    },
    async (request, reply) => reply.status(201).send(await staffAdmin.createInvite(staffOf(request), request.body))
  )

  api.get(
    '/api/v1/staff-invites',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['auth'],
        summary: 'Live staff invitation codes of a region (our addition to API.md)',
        description: 'Unused, unexpired codes for regions at or under `region` (in the caller’s scope, otherwise 404), soonest to expire first.',
        security: [{ bearer: [] }],
        querystring: regionQuerySchema,
        response: { 200: staffInviteListSchema }
      }
    },
    async (request) => staffAdmin.listInvites(staffOf(request), regionCodeOf(requiredRegion(request.query.region), 'region'))
  )

  api.delete(
    '/api/v1/staff-invites/:code',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a staff invitation code',
        description: 'An unused, unexpired code of a region in the caller’s scope → 204; otherwise 404. Audited.',
        security: [{ bearer: [] }],
        params: codeParamsSchema
      }
    },
    async (request, reply) => {
      await staffAdmin.revokeInvite(staffOf(request), request.params.code)
      return reply.status(204).send()
    }
  )
}
