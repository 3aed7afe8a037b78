import type { z } from 'zod'
import { RULE_SET_FIELD_LABELS } from './scoring/ruleSet'

/** Chinese labels of the fields a person can get wrong, so every message names the field. */
export const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  clientId: '设备编号',
  mutations: '变更列表',
  type: '变更类型',
  payload: '变更内容',
  at: '时间',
  gridId: '网格',
  householdId: '户',
  memberId: '成员',
  address: '地址',
  group: '组/小区',
  building: '楼栋',
  unit: '单元',
  door: '门牌号',
  text: '详细地址',
  note: '备注',
  name: '姓名',
  gender: '性别',
  birthYear: '出生年份',
  phone: '手机号',
  idNumber: '身份证号',
  relation: '与户主关系',
  smartphone: '有无智能手机',
  away: '外出情况',
  place: '外出地点',
  tags: '重点人群标签',
  isHead: '是否户主',
  status: 'APP状态',
  alertsOn: '来电预警',
  region: '常驻地区',
  evidence: '核实方式',
  reason: '原因',
  username: '账号',
  password: '密码',
  code: '登录凭证',
  inviteCode: '邀请码',
  kind: '类型',
  actions: '宣传内容',
  since: '同步游标',
  limit: '条数',
  cursor: '游标',
  q: '搜索词',
  grid: '网格',
  village: '村社区',
  filter: '筛选',
  period: '统计周期',
  inviteToken: '邀请码',
  token: '邀请码',
  uploadId: '截图',
  phoneLast4: '手机号后4位',
  consent: '隐私保护指引',
  certificationId: '认证申请',
  decision: '审核结果',
  state: '状态',
  villageCode: '村社区',
  regionCode: '地区',
  date: '日期',
  fraudType: '诈骗类型',
  loss: '损失金额',
  ageBand: '受害人年龄段',
  title: '活动名称',
  participants: '参与人数',
  volunteerTeam: '反诈志愿者队伍',
  warningsReceived: '收到的预警数',
  warningsFollowedUp: '已跟进的预警数',
  workerIds: '网格员',
  gridIds: '网格',
  role: '角色',
  ...RULE_SET_FIELD_LABELS
}

export interface FieldError {
  /** Dotted path of the field, e.g. `mutations.0.payload.phone`. */
  field: string
  message: string
}

/** The nearest labelled key, its parent first (`app_coverage.floor` is one indicator's pass line). */
function labelOf(path: ReadonlyArray<PropertyKey>): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i]
    const qualified = i > 0 ? `${String(path[i - 1])}.${String(key)}` : null
    if (qualified !== null && FIELD_LABELS[qualified]) return FIELD_LABELS[qualified]
    if (typeof key === 'string' && FIELD_LABELS[key]) return FIELD_LABELS[key]
  }
  return '请求内容'
}

/** Messages that schemas set themselves are already in Chinese; these cover zod's generic codes. */
function genericMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod drops `input` from finished issues, so a missing value shows only in its default message.
      return /received undefined$/.test(issue.message) ? '必须填写' : '格式不正确'
    case 'too_small':
      return issue.origin === 'string' ? '不能为空或太短' : '太小'
    case 'too_big':
      return issue.origin === 'string' ? '太长' : '太大'
    case 'invalid_value':
      return '取值无效'
    case 'invalid_format':
      return '格式不正确'
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`
    case 'invalid_union':
      return '格式不正确'
    default:
      return '无效'
  }
}

function isChinese(message: string): boolean {
  return /[\u4e00-\u9fa5]/.test(message)
}

/** A field error worded like every other: the field's Chinese name, then what is wrong with it. */
export function fieldError(path: ReadonlyArray<PropertyKey>, detail: string): FieldError {
  return { field: path.map(String).join('.'), message: `${labelOf(path)}${detail}` }
}

/** Turns zod issues into field errors whose message starts with the field's Chinese name. */
export function toFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>): FieldError[] {
  return issues.map((issue) => {
    // zod's own unknown-key message quotes the keys, which may themselves be Chinese.
    const ownMessage = issue.code !== 'unrecognized_keys' && isChinese(issue.message)
    return fieldError(issue.path, ownMessage ? issue.message : genericMessage(issue))
  })
}

/**
 * Each field's first error by field path, for a form that shows every error at once next to its field
 * (a sign-in form with both fields empty says so under each).
 */
export function errorsByField(errors: ReadonlyArray<FieldError>): Record<string, string> {
  const byField: Record<string, string> = {}
  for (const { field, message } of errors) byField[field] ??= message
  return byField
}

/** One line for a person: the first error, and how many more there are (API error bodies, toasts). */
export function summarizeFieldErrors(errors: FieldError[]): string {
  if (errors.length === 0) return '请求内容无效'
  const more = errors.length > 1 ? `（另有${errors.length - 1}处错误）` : ''
  return `${errors[0].message}${more}`
}
