import { z } from 'zod'
import { freeTextField } from './freeText'

export const VISIT_KINDS = ['in_person', 'phone', 'other'] as const
export const VISIT_ACTIONS = [
  'cases_explained',
  'materials_given',
  'pledge_signed',
  'app_install_helped',
  'alerts_enabled',
  'group_joined'
] as const
export type VisitKind = (typeof VISIT_KINDS)[number]
export type VisitAction = (typeof VISIT_ACTIONS)[number]

export const VISIT_KIND_LABELS: Record<VisitKind, string> = { in_person: '入户', phone: '电话', other: '其他' }
export const VISIT_ACTION_LABELS: Record<VisitAction, string> = {
  cases_explained: '讲解典型案例',
  materials_given: '发放宣传资料',
  pledge_signed: '签署反诈承诺书',
  app_install_helped: '协助安装APP',
  alerts_enabled: '协助开启来电预警',
  group_joined: '加入反诈群'
}

export const visitRecordSchema = z.strictObject({
  id: z.uuid('格式不正确'),
  householdId: z.uuid('格式不正确'),
  kind: z.enum(VISIT_KINDS, '请选择入户、电话或其他'),
  // Neither in the future nor before 2000: those rules need the clock, so they are in timeRules.ts.
  at: z.iso.datetime({ offset: true, message: '应为带时区的时间' }),
  actions: z.array(z.enum(VISIT_ACTIONS)).max(VISIT_ACTIONS.length),
  note: freeTextField(200).optional()
})
export type VisitRecord = z.infer<typeof visitRecordSchema>
