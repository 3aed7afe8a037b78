import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { staffOf } from '../../plugins/app/authorization'
import { requiredRegion } from '../campaign/regionParam'
import { regionQuerySchema } from '../cases/schemas'
import type { ExportFile } from './service'
import { XLSX_CONTENT_TYPE } from '../imports/schemas'

const householdsQuerySchema = z.object({ village: z.string('必须填写').regex(/^\d{12}$/, '代码格式不正确，应为12位区划代码') })
const villagesQuerySchema = regionQuerySchema.extend({ period: z.string().optional().describe('YYYYQn or YYYY-MM-DD..YYYY-MM-DD; the current quarter by default') })

export default async function exportRoutes(app: FastifyInstance) {
  const { exportService } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/v1/exports/households.xlsx',
    {
      config: { access: { roles: ['village_admin', 'official', 'admin'] } },
      schema: {
        tags: ['exports'],
        summary: 'A village’s household roster as .xlsx',
        description:
          'One row per live member (grid, address, masked head, name, gender, birth year, relation, phone masked as ' +
          '138****1234, smartphone, away, tags, app status, alerts, evidence, last visit); never an ID number. A note ' +
          'row above the Chinese headers names the village. A village outside the caller’s scope answers 404. Audited.',
        security: [{ bearer: [] }],
        querystring: householdsQuerySchema
      }
    },
    async (request, reply) => sendXlsx(reply, await exportService.households(staffOf(request), request.query.village))
  )

  api.get(
    '/api/v1/exports/villages.xlsx',
    {
      config: { access: { roles: ['official', 'admin'] } },
      schema: {
        tags: ['exports'],
        summary: 'The village summary of a township or county as .xlsx',
        description:
          'The dashboard’s villages (code, name, points, status, app and visit coverage) for `region` and `period`, ' +
          'under a note row with the region, the period and the rule set’s id and version. Same answers as the ' +
          'dashboard for a region outside the scope (404) or a malformed period (400). Audited.',
        security: [{ bearer: [] }],
        querystring: villagesQuerySchema
      }
    },
    async (request, reply) => sendXlsx(reply, await exportService.villages(staffOf(request), requiredRegion(request.query.region), request.query.period))
  )
}

/** A Chinese filename per RFC 6266/5987 (`filename*`), with an ASCII fallback for old clients. */
function sendXlsx(reply: FastifyReply, file: ExportFile) {
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('Content-Disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(file.body)
}
