import { z } from 'zod'
import { HOUSEHOLD_FILTERS, type HouseholdDetail, type HouseholdSummary, type Page } from '../../../../src/core/api'
import { APP_STATUSES, EVIDENCE_KINDS } from '../../../../src/core/appStatus'
import { GENDERS, PRIORITY_TAGS, SMARTPHONE_ANSWERS } from '../../../../src/core/member'
import { VISIT_ACTIONS, VISIT_KINDS } from '../../../../src/core/visit'
import { certificationViewSchema } from '../certifications/schemas'

export const MAX_PAGE_SIZE = 500

export const householdListQuerySchema = z.object({
  grid: z.uuid('格式不正确').optional().describe('Only this grid (404 outside the scope)'),
  village: z.string().regex(/^\d{12}$/, '应为12位村社区代码').optional().describe('Only this village (404 outside the scope)'),
  q: z.string().trim().max(40, '最多40个字').optional().describe('Part of a member name or of the address as shown; a whole mobile number finds the members whose number masks alike'),
  filter: z
    .string()
    .transform((value) => [...new Set(value.split(','))])
    .pipe(z.array(z.enum(HOUSEHOLD_FILTERS, '应为 not_registered、priority 或 not_visited，多个用英文逗号分隔')))
    .optional()
    .describe(
      'One filter or several, comma-separated (`not_registered,priority`): the households passing every one. Values: `not_registered`, `priority`, `not_visited`'
    ),
  cursor: z.string().max(1000, '无效').optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce
    .number('应为整数')
    .int('应为整数')
    .min(1, '至少为1')
    .max(MAX_PAGE_SIZE, `最多为${MAX_PAGE_SIZE}`)
    .default(50)
})

export const householdIdParamsSchema = z.object({ id: z.uuid('格式不正确') })

export const householdSummarySchema = z.object({
  id: z.string(),
  gridId: z.string(),
  villageCode: z.string(),
  addressText: z.string(),
  headNameMasked: z.string().describe('The head of household’s name masked (张*明); empty when no head is recorded'),
  memberCount: z.number(),
  eligible: z.number().describe('Members counted by app coverage: 16 or older, with a smartphone, at home'),
  registered: z.number().describe('Of those, registered in the 国家反诈中心 app'),
  lastVisitAt: z.string().nullable()
}) satisfies z.ZodType<HouseholdSummary>

export const householdPageSchema = z.object({
  items: z.array(householdSummarySchema),
  nextCursor: z.string().nullable().describe('null on the last page')
}) satisfies z.ZodType<Page<HouseholdSummary>>

export const memberViewSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS),
  birthYear: z.number().nullable(),
  phoneMasked: z.string().nullable().describe('138****1234; the full number is never sent'),
  idNumberMasked: z.string().nullable().describe('1101**********002X; the full number is never sent'),
  relation: z.string().nullable(),
  smartphone: z.enum(SMARTPHONE_ANSWERS),
  away: z.object({ place: z.string() }).nullable(),
  tags: z.array(z.enum(PRIORITY_TAGS)),
  isHead: z.boolean(),
  app: z
    .object({
      status: z.enum(APP_STATUSES),
      alertsOn: z.boolean(),
      region: z.string().nullable(),
      evidence: z.enum(EVIDENCE_KINDS),
      reason: z.string().nullable().describe('Why, as the worker wrote it: a refusal’s reason, or a corrected evidence’s; null when none'),
      updatedAt: z.string()
    })
    .nullable()
    .describe('null until an app status was recorded')
})

export const visitViewSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  workerId: z.string(),
  workerName: z.string(),
  kind: z.enum(VISIT_KINDS),
  at: z.string(),
  actions: z.array(z.enum(VISIT_ACTIONS)),
  note: z.string().nullable()
})

export const householdDetailSchema = householdSummarySchema.extend({
  address: z.object({
    group: z.string().optional(),
    building: z.string().optional(),
    unit: z.string().optional(),
    door: z.string().optional(),
    text: z.string().optional()
  }),
  note: z.string().nullable(),
  version: z.number(),
  members: z.array(memberViewSchema).describe('Live members: head first, then oldest first, then by name and id'),
  visits: z.array(visitViewSchema).describe('Newest first'),
  certifications: z.array(certificationViewSchema).describe('Residents’ self-certifications of its members, newest first')
}) satisfies z.ZodType<HouseholdDetail>
