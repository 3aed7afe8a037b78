import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { householdDetailSchema, householdIdParamsSchema, householdListQuerySchema, householdPageSchema } from './schemas'

const STAFF = { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } as const

const LIST_DESCRIPTION = [
  'Live households in the caller’s scope (a grid worker: their grids), ordered by address (numbers in',
  'numeric order), then id, both by code point; keyset-paginated with `cursor`/`nextCursor`. Search,',
  'filters and order are the app’s own (src/core/householdQuery.ts), so its offline list answers the same.',
  '',
  '- `filter=not_registered`: some member counted by app coverage (16+, smartphone, at home) is not registered.',
  '- `filter=priority`: some member is 60 or older (by birth year) or carries a priority tag.',
  '- `filter=not_visited`: no visit in the current calendar quarter (China time).',
  '- Filters combine: `filter=not_registered,priority,not_visited` (comma-separated, any order) lists the',
  '  households passing every one; a single value works as before.',
  '- `q` (trimmed) is part of the address as shown (`addressText`) or of a member name, exactly (case-sensitive,',
  '  no wildcards); a whole mobile number also finds the members whose number masks alike (138****1234).',
  '- `limit` defaults to 50, at most 500. A `grid` or `village` outside the scope answers 404.'
].join('\n')

export default async function householdRoutes(app: FastifyInstance) {
  const { householdService } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.get(
    '/api/v1/households',
    {
      config: { access: STAFF },
      schema: {
        tags: ['households'],
        summary: 'List households',
        description: LIST_DESCRIPTION,
        security: [{ bearer: [] }],
        querystring: householdListQuerySchema,
        response: { 200: householdPageSchema }
      }
    },
    async (request) => householdService.list(staffOf(request).scope, request.query)
  )

  typed.get(
    '/api/v1/households/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['households'],
        summary: 'One household with its members and visits',
        description:
          'Deleted households and households outside the scope answer 404. Phone and ID numbers are masked; ' +
          'members are listed head first, then oldest first, then by name; visits newest first; `certifications` (residents’ ' +
          'self-certifications, any state) newest first.',
        security: [{ bearer: [] }],
        params: householdIdParamsSchema,
        response: { 200: householdDetailSchema }
      }
    },
    async (request) => householdService.detail(staffOf(request), request.params.id)
  )
}
