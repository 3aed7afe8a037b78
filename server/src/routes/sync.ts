import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { MAX_MUTATIONS_PER_PUSH, pushRequestSchema } from '../../../src/core/mutations'
import { AppError } from '../errors'
import { staffUser } from '../plugins/authorization'
import { pushMutations, type SyncDeps } from '../services/sync/pushMutations'
import { pushResponseSchema } from '../schemas/sync'

const PUSH_DESCRIPTION = [
  'The one write path for households, members, app statuses and visits (API.md).',
  '',
  '- **Who may write**: grid workers (their own grids) and village admins (every grid of their village).',
  '  Township officials and admins read and score but do not edit residents’ records: 403 for them.',
  '- Mutations are applied in order, each in its own transaction with its `mutations` record and change-log',
  '  rows. Payloads are checked with the same core schemas the app uses; a rejected mutation',
  '  (`VALIDATION_FAILED` naming `payload.<field>`, `NOT_FOUND` outside the scope or for a missing or deleted',
  '  record, `CONFLICT` for an evidence downgrade) does not stop the ones after it.',
  '- A mutation id seen before answers `duplicate` and changes nothing, whether the first delivery was applied',
  '  or rejected; for a rejected one the first `error` is repeated. A rejected change is not re-evaluated:',
  '  to retry a corrected change, send it as a new mutation with a new id.',
  '- `household.upsert`, `member.upsert` and `visit.record` create or update by the client’s UUID, so a create',
  '  delivered twice never duplicates. Optional member fields and a household `note` left out keep the stored',
  '  value; an empty `phone` or `idNumber` clears it; a household `address` is replaced whole. A member marked',
  '  `isHead` makes the household’s other members non-heads. Edits of a deleted household or member are',
  '  rejected (`NOT_FOUND`): the delete wins; a second delete is applied without effect.',
  '- A household moved to another covered grid (village admins) takes its members and visits along; the',
  '  change log says delete in the old grid and upsert in the new one.',
  '- `member.app`: evidence only goes up (in_person > screenshot > self_declared); a lower one is rejected',
  '  with `CONFLICT` 核实方式不能降级. `alertsOn` is false unless the app is installed.',
  `- At most ${MAX_MUTATIONS_PER_PUSH} mutations a request (413 beyond). Unknown envelope fields answer 400.`,
  '- `cursor` is the change log’s latest position after the push. Advance a pull cursor only with pull',
  '  results: changes by others may lie before this position.'
].join('\n')

export default async function syncRoutes(app: FastifyInstance) {
  const deps: SyncDeps = {
    db: app.deps.database.db,
    dialect: app.deps.database.dialect,
    cipher: app.deps.cipher,
    now: app.deps.now
  }

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
      return pushMutations(deps, { userId: staffUser(request).id, scope: request.scope }, request.body)
    }
  )
}
