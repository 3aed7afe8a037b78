import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { staffOf } from '../../plugins/app/authorization'
import { ruleSetRulesSchema, ruleSetSchema } from './schemas'
import type { StoredRuleSet } from './ruleSetRepository'

const RULES_DESCRIPTION = [
  'Every number of the score (DESIGN §3): `passPoints` and, per indicator (`app_coverage`, `visit_coverage`,',
  '`priority_coverage`, `activities`, `volunteer_team`, `alert_followup`), its `points`, its pass line `floor`',
  'and its `target` as shares in [0, 1]; `activities` also `perMonth`. App coverage earns nothing below its floor',
  'and a village below it cannot be certified; the other indicators earn in proportion up to their target, and',
  'their floor is the pass line of the gap list.'
].join('\n')

/** What the API shows of a stored rule set: not who saved it (an internal user id). */
function shown({ createdBy: _createdBy, ...ruleSet }: StoredRuleSet) {
  return ruleSet
}

function authorOf(staff: ReturnType<typeof staffOf>) {
  return { id: staff.user.id, role: staff.role }
}

export default async function ruleSetRoutes(app: FastifyInstance) {
  const { ruleSets } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.get(
    '/api/v1/rulesets/current',
    {
      config: { access: { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } },
      schema: {
        tags: ['scores'],
        summary: 'The rule set in force (the newest version)',
        description: `${RULES_DESCRIPTION}\n\nThe default is stored as version 1 the first time a rule set is read.`,
        security: [{ bearer: [] }],
        response: { 200: ruleSetSchema }
      }
    },
    async () => shown(await ruleSets.current())
  )

  typed.put(
    '/api/v1/rulesets',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['scores'],
        summary: 'Save new rules as the next version (admin)',
        description:
          `${RULES_DESCRIPTION}\n\nValidated: points add up to 100, 0 ≤ floor ≤ target ≤ 1, passPoints in 0..100, ` +
          'no missing or unknown fields; otherwise 400 naming the field. Older versions are kept; each save is in the ' +
          'audit log (`ruleset.create`, with the rules and who saved them). Answers 201 with ' +
          'the new version, which every score and dashboard uses from then on.',
        security: [{ bearer: [] }],
        body: ruleSetRulesSchema,
        response: { 201: ruleSetSchema }
      }
    },
    async (request, reply) => reply.status(201).send(shown(await ruleSets.add(request.body, authorOf(staffOf(request)))))
  )
}
