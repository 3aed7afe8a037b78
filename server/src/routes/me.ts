import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { User } from '../../../src/core/api'
import { userSchema } from '../schemas/auth'
import { currentSession } from './auth'

/** A resident has no user row: every unbound WeChat session is the same anonymous resident. */
const RESIDENT: User = { id: 'resident', name: '居民', role: 'resident', scope: {} }

export default async function meRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/me',
    {
      config: { access: 'session' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        description:
          'A staff session answers its user. A resident (an unbound WeChat session) answers ' +
          '`{"id": "resident", "name": "居民", "role": "resident", "scope": {}}`: residents have no account, so the ' +
          'id is the same fixed value for all of them and identifies no one.',
        security: [{ bearer: [] }],
        response: { 200: userSchema }
      }
    },
    async (request) => currentSession(request).user ?? RESIDENT
  )
}
