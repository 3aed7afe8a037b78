import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { AppError } from '../../errors'
import { staffOf } from '../../plugins/app/authorization'
import { readUploadedFile } from '../../plugins/external/multipart'
import { MAX_ROSTER_ROWS } from './readRoster'
import { MAX_UNZIPPED_BYTES } from './zipLimits'
import { buildRosterTemplate, TEMPLATE_FILENAME } from './rosterTemplate'
import { importQuerySchema, importReportSchema, MAX_ROSTER_BYTES, XLSX_CONTENT_TYPE } from './schemas'

const WRITERS = { roles: ['grid_worker', 'village_admin'] } as const
const MAX_MB = MAX_ROSTER_BYTES / 1024 / 1024

const TEMPLATE_DESCRIPTION = [
  'The roster template (.xlsx): sheet 住户名单 with the Chinese headers the import reads, one valid example row',
  'and drop-down lists for 性别, 有无智能手机, 反诈APP状态 and 来电预警; sheet 填写说明 explains every column.',
  'ID numbers are not part of the roster. The file name is sent as RFC 5987 `filename*` (住户名单导入模板.xlsx).'
].join('\n')

const IMPORT_DESCRIPTION = [
  'Imports a roster spreadsheet (.xlsx) into one grid. The file comes as multipart/form-data (field `file`,',
  `what wx.uploadFile and browsers send) or as the raw body with \`Content-Type: ${XLSX_CONTENT_TYPE}\`.`,
  `At most ${MAX_MB} MB, ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB once unzipped and ${MAX_ROSTER_ROWS} data rows (413 TOO_LARGE); anything but an .xlsx answers 415.`,
  '',
  '- **Reading**: the sheet 住户名单 (else the first visible sheet); headers are matched by their Chinese names',
  '  (any order, spaces ignored, optional columns may be missing); a missing 姓名 column answers 400. Other',
  '  headers, an ID number column among them, are listed in `ignoredColumns` and not read: imports never collect',
  '  ID numbers. Blank rows are skipped; `row` is the Excel row number.',
  '- **Households**: rows with the same normalized address (组/小区, 楼栋, 单元, 门牌号, 详细地址; spaces, full-width',
  '  characters and a unit suffix such as 5 vs 5栋 ignored) form one household; the row whose 与户主关系 is 户主',
  '  is its head (one per household). When that address is already registered in this grid, the rows add',
  '  members to that household (`households.existing`); an address registered only in another grid of the',
  '  village is an error for the row.',
  '- **Errors**: each row is checked with the same core schemas as a sync push; `errors` name the column',
  '  (`{column: "手机号", message: "手机号格式不正确，应为11位手机号"}`). A row with errors is not imported.',
  '- **Duplicates** (status `duplicate`, not imported): the same address + name or the same phone as an earlier',
  '  accepted row of the file (`file_address_name`, `file_phone`), or as a live member already registered in a',
  '  household the caller sees (`existing_address_name`, `existing_phone`: the phone by its keyed hash; a grid',
  '  worker sees their own grids, a village admin the village), so a check never confirms that someone exists in',
  '  another grid. Importing a file twice therefore reports its rows as duplicates the second time and writes',
  '  nothing.',
  '- **dryRun=true** (the default) writes nothing. **dryRun=false** writes the accepted rows through the sync',
  '  push as the signed-in user (a fresh client id per import): `household.upsert` for new households,',
  '  `member.upsert` per row and `member.app` when 反诈APP状态 is filled, with evidence `self_declared`',
  '  (a roster is a declaration, not an in-person check; evidence can only go up later). `mutations` reports',
  '  their results; a row whose mutation was rejected turns into an `error` row.'
].join('\n')

/** The upload, whichever way it came: a multipart file part or the raw .xlsx body. */
async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const file = await readUploadedFile(request, { maxBytes: MAX_ROSTER_BYTES, tooLarge: `文件不能超过${MAX_MB}MB，请分批导入` })
    if (!file) throw new AppError('VALIDATION_FAILED', '没有收到文件，请用字段 file 上传 .xlsx 文件', [{ field: 'file', message: '必须上传文件' }])
    return file
  }
  if (Buffer.isBuffer(request.body)) return request.body
  throw unsupportedType()
}

const unsupportedType = () => new AppError('UNSUPPORTED_MEDIA_TYPE', '只支持上传 Excel .xlsx 文件')

export default async function importRoutes(app: FastifyInstance) {
  const { importService } = app
  // The raw .xlsx body, and 415 for any other type, only for these routes (this plugin's scope).
  app.addContentTypeParser(XLSX_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: MAX_ROSTER_BYTES }, (_request, body, done) => done(null, body))
  app.addContentTypeParser('*', (_request, _payload, done) => done(unsupportedType()))
  const template = buildRosterTemplate()
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.get(
    '/api/v1/imports/households/template.xlsx',
    {
      config: { access: WRITERS },
      schema: { tags: ['imports'], summary: 'Download the roster template', description: TEMPLATE_DESCRIPTION, security: [{ bearer: [] }] }
    },
    async (_request, reply) => {
      const ascii = 'household-roster-template.xlsx'
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_FILENAME)}`)
        .send(await template)
    }
  )

  typed.post(
    '/api/v1/imports/households',
    {
      config: { access: WRITERS },
      schema: {
        tags: ['imports'],
        summary: 'Check (dry run) or import a household roster spreadsheet',
        description: IMPORT_DESCRIPTION,
        security: [{ bearer: [] }],
        querystring: importQuerySchema,
        response: { 200: importReportSchema }
      }
    },
    async (request) => {
      const file = await uploadedFile(request)
      const { user, role, scope } = staffOf(request)
      return importService.importHouseholds({ gridId: request.query.grid, dryRun: request.query.dryRun === 'true', file, actor: { userId: user.id, role, scope } })
    }
  )
}
