import { z } from 'zod'
import type { ImportReport } from '../../../../src/core/imports'
import { mutationResultSchema } from '../sync/schemas'

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The largest roster file accepted, multipart or raw (413 beyond). */
export const MAX_ROSTER_BYTES = 5 * 1024 * 1024

export const importQuerySchema = z.object({
  grid: z.uuid('格式不正确').describe('The grid the households go into (404 outside the scope)'),
  dryRun: z
    .enum(['true', 'false'], '应为 true 或 false')
    .default('true')
    .describe('`true` (the default) only checks and reports; `false` writes the accepted rows')
})

const cellErrorSchema = z.object({
  column: z.string().describe('The Chinese column header, e.g. 手机号'),
  message: z.string().describe('Chinese, starting with the field name, e.g. 手机号格式不正确，应为11位手机号')
})

const rowReportSchema = z.object({
  row: z.number().describe('Excel row number, as the spreadsheet shows it'),
  status: z.enum(['accepted', 'error', 'duplicate']),
  householdKey: z.string().describe('The address as it reads (三组 12号 村委会东侧); rows with the same address form one household'),
  householdId: z.string().optional().describe('After a real import; in a dry run only for a household already registered in the grid'),
  memberId: z.string().optional().describe('The new member, after a real import'),
  errors: z.array(cellErrorSchema).optional().describe('status `error`: every problem of the row, in column order'),
  duplicateOf: z
    .object({
      reason: z.enum(['file_address_name', 'file_phone', 'existing_address_name', 'existing_phone']),
      row: z.number().optional().describe('The earlier row of this file'),
      householdId: z.string().optional().describe('The registered household, when the caller’s scope covers it'),
      memberId: z.string().optional().describe('The registered member, when the caller’s scope covers it')
    })
    .optional()
    .describe('status `duplicate`: what the row repeats')
})

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  sheet: z.string().describe('The worksheet read: 住户名单, or else the first visible sheet'),
  ignoredColumns: z.array(z.string()).describe('Headers that are not roster columns (e.g. 身份证号): not read'),
  households: z.object({
    new: z.number().describe('Households the accepted rows create'),
    existing: z.number().describe('Households already registered in the grid that accepted rows add members to')
  }),
  members: z.object({
    accepted: z.number(),
    rejected: z.number().describe('Rows with errors: not imported'),
    duplicates: z.number().describe('Duplicate rows: not imported')
  }),
  rows: z.array(rowReportSchema).describe('One per non-blank data row, in sheet order'),
  mutations: z
    .object({ applied: z.number(), duplicate: z.number(), rejected: z.number(), results: z.array(mutationResultSchema) })
    .optional()
    .describe('dryRun=false: the results of the sync push the import made')
}) satisfies z.ZodType<ImportReport>
