import { z } from 'zod'
import { AGE_BANDS, CASE_KINDS, FRAUD_TYPES, type AgeBand, type CaseKind, type FraudType } from './fraud'
import { freeTextField } from './freeText'
import { CST_OFFSET_MS } from './period'
import { fieldError, type FieldError } from './validation'

/**
 * The campaign's records besides the roster (DESIGN §2 "Village facts and campaign records"): 涉诈案件
 * entered by officials, 宣传活动 of a village or a township, and a village's own facts (volunteer team,
 * 96110 warnings). Request schemas exactly as API.md names the fields, shared by the app's forms and
 * the server.
 */

/** Kinds of 宣传活动: DESIGN names the field without a list; these cover what townships report. */
export const ACTIVITY_KINDS = ['lecture', 'street', 'performance', 'training', 'online', 'other'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  lecture: '宣讲会',
  street: '集中宣传（摆摊）',
  performance: '文艺宣传',
  training: '培训',
  online: '线上宣传',
  other: '其他'
}

export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  incident: '涉诈警情',
  suspect: '涉诈嫌疑人',
  den: '涉诈窝点'
}

/** No campaign record predates the campaign's tools; an earlier date is a typing error. */
const EARLIEST_RECORD_DATE = '2000-01-01'
/** A loss above this (yuan) is a typing error rather than a village's case; it also keeps integers exact. */
const MAX_LOSS_YUAN = 1_000_000_000
/** Far above any village's yearly count of 96110 warnings or an activity's audience. */
const MAX_COUNT = 1_000_000

const calendarDate = z
  .string('必须填写')
  .regex(/^\d{4}-\d{2}-\d{2}$/, '格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '不是有效的日期')

const villageCode = z.string('必须填写').regex(/^\d{12}$/, '应为12位区划代码')
const count = z.number('必须填写').int('应为整数').min(0, '不能小于0').max(MAX_COUNT, '太大')

export const caseInputSchema = z
  .strictObject({
    villageCode,
    date: calendarDate,
    kind: z.enum(CASE_KINDS, '应为 incident（涉诈警情）、suspect（涉诈嫌疑人）或 den（涉诈窝点）'),
    fraudType: z.enum(FRAUD_TYPES, '不在诈骗类型列表中'),
    loss: z.number('应为数字').int('应为整元').min(0, '不能小于0').max(MAX_LOSS_YUAN, '太大').optional(),
    note: freeTextField(500).optional(),
    // Our addition to API.md: the victim's age band, which the township's anonymised warnings show.
    ageBand: z.enum(AGE_BANDS, '取值无效').optional()
  })
  .superRefine((input, ctx) => {
    if (input.ageBand !== undefined && input.kind !== 'incident') {
      ctx.addIssue({ code: 'custom', path: ['ageBand'], message: '只有涉诈警情（有本地受害人）才填写' })
    }
  })
export type CaseInput = z.infer<typeof caseInputSchema>

export const activityInputSchema = z.strictObject({
  // A village (12 digits) or a township (9 digits): a township's activity counts for each of its villages.
  regionCode: z.string('必须填写').regex(/^(\d{9}|\d{12})$/, '应为乡镇（9位）或村社区（12位）区划代码'),
  date: calendarDate,
  title: freeTextField(100).min(1, '不能为空'),
  kind: z.enum(ACTIVITY_KINDS, '取值无效'),
  participants: count
})
export type ActivityInput = z.infer<typeof activityInputSchema>

export const villageFactsInputSchema = z
  .strictObject({
    volunteerTeam: z.boolean('应为是或否'),
    warningsReceived: count,
    warningsFollowedUp: count
  })
  .refine((facts) => facts.warningsFollowedUp <= facts.warningsReceived, {
    path: ['warningsFollowedUp'],
    message: '不能多于收到的预警数'
  })
export type VillageFactsInput = z.infer<typeof villageFactsInputSchema>

/** A case record as officials list it (GET /cases). The note is shown to officials only. */
export interface CaseRecord {
  id: string
  villageCode: string
  villageName: string
  date: string
  kind: CaseKind
  fraudType: FraudType
  loss: number | null
  ageBand: AgeBand | null
  note: string | null
  createdAt: string
}

export interface ActivityRecord {
  id: string
  regionCode: string
  regionName: string
  date: string
  title: string
  kind: ActivityKind
  participants: number
  createdAt: string
}

export interface VillageFactsView {
  villageCode: string
  volunteerTeam: boolean
  warningsReceived: number
  warningsFollowedUp: number
  updatedAt: string | null
}

/**
 * A record's date (China time) may be neither after today nor before 2000. Run next to the schema with
 * the caller's clock, like timeRules.ts; a date the schema refuses is left to the schema.
 */
export function recordDateErrors(date: unknown, now: Date): FieldError[] {
  if (typeof date !== 'string' || !isCalendarDate(date)) return []
  const today = chinaDate(now)
  if (date > today) return [fieldError(['date'], `不能晚于今天（${today}）`)]
  if (date < EARLIEST_RECORD_DATE) return [fieldError(['date'], '不能早于2000年')]
  return []
}

/** Today's calendar date in China, YYYY-MM-DD. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** A YYYY-MM-DD string naming a day that exists. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const [y, m, d] = value.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}
