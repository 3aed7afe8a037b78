import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { MAX_MUTATIONS_PER_PUSH, pushRequestSchema } from '../../../../src/core/mutations'
import { AppError } from '../../errors'
import { staffOf } from '../../plugins/app/authorization'
import { MAX_PULL_LIMIT, pullQuerySchema, pullResponseSchema, pushResponseSchema } from './schemas'

const PUSH_DESCRIPTION = [
  'The one write path for households, members, app statuses and visits (API.md).',
  '',
  '- **Who may write**: grid workers (their own grids) and village admins (every grid of their village).',
  '  Township officials and admins read and score but do not edit residents’ records: 403 for them.',
  '- Mutations are applied in order, the whole request in one transaction with their `mutations` records, change-log',
  '  rows and one audit row (`sync.push`: the records changed by type, duplicates and rejections, no payload values): nothing is answered',
  '  before it commits. A mutation sees what the earlier ones of the request did. Payloads are checked with the same',
  '  core schemas the app uses; a rejected mutation leaves no effect',
  '  (`VALIDATION_FAILED` naming `payload.<field>`, `NOT_FOUND` outside the scope or for a missing or deleted',
  '  record, `CONFLICT` for an evidence downgrade) does not stop the ones after it.',
  '- A mutation id seen before from the same user answers `duplicate` and changes nothing, whether the first',
  '  delivery was applied or rejected; for a rejected one the first `error` is repeated. A rejected change is not',
  '  re-evaluated: to retry a corrected change, send it as a new mutation with a new id.',
  '- A mutation id belongs to the user who first sent it: the same id from another user is applied (or rejected)',
  '  on its own merits, is never answered `duplicate` and never sees the first user’s result.',
  '- `household.upsert`, `member.upsert` and `visit.record` create or update by the client’s UUID, so a create',
  '  delivered twice never duplicates. Optional member fields and a household `note` left out keep the stored',
  '  value; an empty `phone` or `idNumber` clears it; a household `address` is replaced whole. A member marked',
  '  `isHead` makes the household’s other members non-heads. Edits of a deleted household or member are',
  '  rejected (`NOT_FOUND`): the delete wins; a second delete is applied without effect.',
  '- A household moved to another covered grid (village admins) takes its members and visits along; the',
  '  change log says delete in the old grid and upsert in the new one.',
  '- `member.app`: evidence only goes up (in_person > screenshot > self_declared) unless the worker corrects it:',
  '  a lower one with a non-empty `reason` is that explicit correction and is applied; without a reason it is',
  '  rejected with `CONFLICT` 核实方式不能降级. `alertsOn` is false unless the app is installed.',
  '- When a change replaces a stored value with a different one, the old value is kept in the record’s',
  '  history for review (phone and ID numbers only masked).',
  `- At most ${MAX_MUTATIONS_PER_PUSH} mutations a request (413 beyond). Unknown envelope fields answer 400.`,
  '- `cursor` is the change log’s latest position after the push. Advance a pull cursor only with pull',
  '  results: changes by others may lie before this position.'
].join('\n')

const PULL_DESCRIPTION = [
  'The changes of one grid after `since`, in the server’s order (API.md): what a device needs to bring its',
  'local copy of the grid up to date.',
  '',
  '- `cursor` is a position in the server’s change log (never a client clock); pass it back as `since`. While',
  '  `hasMore` is true, pull again at once. A pull never skips a change that commits later: writers append',
  '  to the log in commit order.',
  '- Several changes of one record in a page come as one entry, in the order each record first changed,',
  '  with `data` = its state now: households with the list fields plus `address`, `note`, `version`;',
  '  members as in the household detail (phone and ID numbers masked); visits likewise.',
  '- `op: delete` (no `data`) for a record that was deleted or left the grid (moved households take their',
  '  members and visits along; a deleted household’s members and visits come as deletes too).',
  `- \`limit\` (change-log rows per page) defaults to 500, at most ${MAX_PULL_LIMIT}. A grid outside the scope answers 404.`
].join('\n')

export default async function syncRoutes(app: FastifyInstance) {
  const { syncService } = app

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/sync/push',
    {
      config: { access: { roles: ['grid_worker', 'village_admin'] } },
      schema: {
        tags: ['sync'],
        summary: 'Push mutations from the device outbox',
        description: PUSH_DESCRIPTION,
        security: [{ bearer: [] }],
        body: pushRequestSchema,
        response: { 200: pushResponseSchema }
      }
    },
    async (request) => {
      const { mutations } = request.body
      if (mutations.length > MAX_MUTATIONS_PER_PUSH) {
        throw new AppError('TOO_LARGE', `一次最多同步${MAX_MUTATIONS_PER_PUSH}条变更，请分批发送`)
      }
      const { user, role, scope } = staffOf(request)
      return syncService.push({ userId: user.id, role, scope }, request.body)
    }
  )

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/sync/pull',
    {
      config: { access: { roles: ['grid_worker', 'village_admin', 'official', 'admin'] } },
      schema: {
        tags: ['sync'],
        summary: 'Pull the changes of a grid since a cursor',
        description: PULL_DESCRIPTION,
        security: [{ bearer: [] }],
        querystring: pullQuerySchema,
        response: { 200: pullResponseSchema }
      }
    },
    async (request) => syncService.pull(staffOf(request).scope, request.query)
  )
}
