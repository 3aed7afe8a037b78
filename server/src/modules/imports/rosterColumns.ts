import { APP_STATUS_LABELS, APP_STATUSES, type AppStatusValue } from '../../../../src/core/appStatus'
import { GENDER_LABELS, GENDERS, PRIORITY_TAG_LABELS, PRIORITY_TAGS, SMARTPHONE_LABELS, SMARTPHONE_ANSWERS } from '../../../../src/core/member'
import type { Gender, PriorityTag, SmartphoneAnswer } from '../../../../src/core/member'

/** The roster's columns, keyed by what they fill; the Chinese header is what the spreadsheet shows. */
export const ROSTER_COLUMNS = {
  group: { header: '组/小区', aliases: ['组', '小区', '村民小组'], width: 12, help: '村民小组或小区名称，如“三组”“阳光小区”。' },
  building: { header: '楼栋', aliases: ['栋', '楼号'], width: 8, help: '楼栋号，如“5”或“5栋”。' },
  unit: { header: '单元', aliases: [], width: 8, help: '单元号，如“2”或“2单元”。' },
  door: { header: '门牌号', aliases: ['门牌', '房号'], width: 10, help: '门牌号或房号，如“301”“12号”。' },
  text: { header: '详细地址', aliases: ['地址'], width: 24, help: '其他地址说明，如“村东头”。地址五项至少填写一项。' },
  name: { header: '姓名', aliases: [], width: 10, help: '必填，最多20个字。' },
  relation: {
    header: '与户主关系',
    aliases: ['关系'],
    width: 12,
    help: '如户主、配偶、儿子、母亲。填“户主”的一行是该户户主，每户最多一位。'
  },
  gender: { header: '性别', aliases: [], width: 8, help: '男、女或未知，可不填。' },
  birthYear: { header: '出生年份', aliases: ['出生年'], width: 10, help: '四位数年份，如“1956”，不能晚于今年；只填年份，不填出生日期。' },
  phone: { header: '手机号', aliases: ['手机', '手机号码', '联系电话'], width: 14, help: '11位手机号，可不填。系统加密保存，页面只显示为138****1234。' },
  smartphone: { header: '有无智能手机', aliases: ['智能手机'], width: 12, help: '有、无或不清楚，不填按“不清楚”。' },
  awayPlace: { header: '外出地点', aliases: ['外出'], width: 14, help: '外出务工、上学的地点；在家的不填。' },
  tags: {
    header: '重点人群',
    aliases: [],
    width: 16,
    help: '可填：独居、学生、外出务工、财会人员、残障、其他，多项用顿号分隔。60岁以上按出生年份自动计算，无需填写。'
  },
  appStatus: {
    header: '反诈APP状态',
    aliases: ['APP状态', '反诈APP'],
    width: 14,
    help: '国家反诈中心APP：未安装、已安装未注册、已注册、拒绝安装。不填表示尚未了解。'
  },
  alertsOn: { header: '来电预警', aliases: [], width: 10, help: '是或否：是否已开启来电预警。只有已安装APP时才能填“是”。' },
  reason: { header: '拒绝原因', aliases: ['原因'], width: 16, help: '反诈APP状态为“拒绝安装”时必填，最多100个字。' },
  note: { header: '备注', aliases: [], width: 20, help: '该户的备注，最多200个字。同一户有多行备注时合并保存。不能填写手机号或身份证号。' }
} as const

export type RosterColumn = keyof typeof ROSTER_COLUMNS
export const ROSTER_COLUMN_ORDER = Object.keys(ROSTER_COLUMNS) as RosterColumn[]
export const ADDRESS_COLUMNS = ['group', 'building', 'unit', 'door', 'text'] as const satisfies ReadonlyArray<RosterColumn>

/** The one column without which a row means nothing. */
export const REQUIRED_COLUMN: RosterColumn = 'name'
export const HEAD_RELATION = '户主'

export function headerOf(column: RosterColumn): string {
  return ROSTER_COLUMNS[column].header
}

/** Headers as people type them: spaces anywhere, full-width brackets, a trailing “*” or “（必填）”. */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[*＊]+$/, '')
    .replace(/\((必填|选填)\)$/, '')
    .toUpperCase()
}

const HEADER_LOOKUP = new Map<string, RosterColumn>(
  ROSTER_COLUMN_ORDER.flatMap((column) =>
    [ROSTER_COLUMNS[column].header, ...ROSTER_COLUMNS[column].aliases].map((header) => [normalizeHeader(header), column] as const)
  )
)

export function columnOfHeader(raw: string): RosterColumn | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(raw))
}

function invert<K extends string>(labels: Record<K, string>, keys: ReadonlyArray<K>): Map<string, K> {
  return new Map(keys.map((key) => [labels[key], key]))
}

/** The choices a cell may hold, label → value, with the spellings people commonly use. */
export const GENDER_CHOICES = new Map<string, Gender>([...invert(GENDER_LABELS, GENDERS), ['男性', 'male'], ['女性', 'female']])
export const SMARTPHONE_CHOICES = new Map<string, SmartphoneAnswer>([
  ...invert(SMARTPHONE_LABELS, SMARTPHONE_ANSWERS),
  ['是', 'yes'],
  ['否', 'no'],
  ['没有', 'no'],
  ['未知', 'unknown']
])
export const APP_STATUS_CHOICES = new Map<string, AppStatusValue>(invert(APP_STATUS_LABELS, APP_STATUSES))
export const YES_NO_CHOICES = new Map<string, boolean>([
  ['是', true],
  ['否', false],
  ['已开启', true],
  ['未开启', false]
])
const TAG_KEYS = PRIORITY_TAGS as ReadonlyArray<PriorityTag>
export const TAG_CHOICES = new Map<string, PriorityTag>(TAG_KEYS.map((tag) => [PRIORITY_TAG_LABELS[tag], tag]))
/** 60岁以上 is derived from the birth year, so a roster that lists it is not wrong, just redundant. */
export const DERIVED_TAG_LABEL = PRIORITY_TAG_LABELS.elderly

/** The labels the template's drop-down lists offer. */
export const DROPDOWN_CHOICES: Partial<Record<RosterColumn, string[]>> = {
  gender: GENDERS.map((gender) => GENDER_LABELS[gender]),
  smartphone: SMARTPHONE_ANSWERS.map((answer) => SMARTPHONE_LABELS[answer]),
  appStatus: APP_STATUSES.map((status) => APP_STATUS_LABELS[status]),
  alertsOn: ['是', '否']
}
