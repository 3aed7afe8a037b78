import { z } from 'zod'
import { isValidPhone, normalizePhone } from './phone'
import { isValidIdNumber, normalizeIdNumber } from './idNumber'
import { freeTextField, nameField } from './freeText'

export const GENDERS = ['male', 'female', 'unknown'] as const
export const SMARTPHONE_ANSWERS = ['yes', 'no', 'unknown'] as const
export const PRIORITY_TAGS = ['elderly_living_alone', 'student', 'migrant_worker', 'accountant', 'disabled', 'other'] as const
export type Gender = (typeof GENDERS)[number]
export type SmartphoneAnswer = (typeof SMARTPHONE_ANSWERS)[number]
export type PriorityTag = (typeof PRIORITY_TAGS)[number]

export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女', unknown: '未知' }
export const SMARTPHONE_LABELS: Record<SmartphoneAnswer, string> = { yes: '有', no: '无', unknown: '不清楚' }
export const PRIORITY_TAG_LABELS: Record<PriorityTag | 'elderly', string> = {
  elderly: '60岁以上',
  elderly_living_alone: '独居',
  student: '学生',
  migrant_worker: '外出务工',
  accountant: '财会人员',
  disabled: '残障',
  other: '其他'
}

/** Age at which a member counts toward app coverage, and age from which a member is a priority member. */
export const ELIGIBLE_AGE = 16
export const ELDERLY_AGE = 60
export const EARLIEST_BIRTH_YEAR = 1900

// Blankness is judged before normalizing: a lone "+86" is a mistyped number to report, not a cleared one.
export const phoneField = z
  .string()
  .refine((raw) => raw.replace(/[\s-]/g, '') === '' || isValidPhone(raw), '格式不正确，应为11位手机号')
  .transform(normalizePhone)

export const idNumberField = z
  .string()
  .transform(normalizeIdNumber)
  .refine((id) => id === '' || isValidIdNumber(id), '不正确（校验位或出生日期不对）')

export const memberUpsertSchema = z.strictObject({
  id: z.uuid('格式不正确'),
  householdId: z.uuid('格式不正确'),
  name: nameField(20),
  gender: z.enum(GENDERS).optional(),
  // Not after this year either: that rule needs the clock, so it is in timeRules.ts.
  birthYear: z.number('应为四位数年份').int('应为四位数年份').min(EARLIEST_BIRTH_YEAR, `不能早于${EARLIEST_BIRTH_YEAR}年`).optional(),
  phone: phoneField.optional(),
  idNumber: idNumberField.optional(),
  relation: freeTextField(10).optional(),
  smartphone: z.enum(SMARTPHONE_ANSWERS, '请选择有、无或不清楚'),
  away: z.strictObject({ place: freeTextField(40).min(1, '不能为空') }).nullable().optional(),
  tags: z.array(z.enum(PRIORITY_TAGS)).max(PRIORITY_TAGS.length).optional(),
  isHead: z.boolean().optional()
})
export type MemberUpsert = z.infer<typeof memberUpsertSchema>

export const memberDeleteSchema = z.strictObject({ id: z.uuid('格式不正确') })

/** Facts about a member that eligibility and priority depend on (shared by server rows and client cache). */
export interface MemberFacts {
  birthYear?: number | null
  smartphone: SmartphoneAnswer
  away?: { place: string } | null
  tags?: ReadonlyArray<PriorityTag> | null
}

export function ageInYear(birthYear: number | null | undefined, year: number): number | null {
  return birthYear == null ? null : year - birthYear
}

export function isElderly(member: MemberFacts, year: number): boolean {
  const age = ageInYear(member.birthYear, year)
  return age != null && age >= ELDERLY_AGE
}

/** Eligible for the app coverage indicator: 16 or older, has a smartphone, lives at home. */
export function isEligible(member: MemberFacts, year: number): boolean {
  const age = ageInYear(member.birthYear, year)
  return age != null && age >= ELIGIBLE_AGE && member.smartphone === 'yes' && !member.away
}

/**
 * Why app coverage does not count a member (empty when it does), each rule of isEligible that the
 * member fails, in the order the worker would check them: a screen says why a member is not among
 * 应注册, and fixing one reason shows whether another remains.
 */
export type NotCountedReason = 'birth_year_unknown' | 'under_age' | 'no_smartphone' | 'smartphone_unknown' | 'away'

export function reasonsNotCounted(member: MemberFacts, year: number): NotCountedReason[] {
  const age = ageInYear(member.birthYear, year)
  const reasons: NotCountedReason[] = []
  if (age == null) reasons.push('birth_year_unknown')
  else if (age < ELIGIBLE_AGE) reasons.push('under_age')
  if (member.smartphone === 'no') reasons.push('no_smartphone')
  else if (member.smartphone === 'unknown') reasons.push('smartphone_unknown')
  if (member.away) reasons.push('away')
  return reasons
}

export const NOT_COUNTED_LABELS: Record<NotCountedReason, string> = {
  birth_year_unknown: '未填出生年份',
  under_age: `未满${ELIGIBLE_AGE}岁`,
  no_smartphone: '无智能手机',
  smartphone_unknown: '不清楚有无智能手机',
  away: '外出'
}

/** The reasons as one line, e.g. 未满16岁 · 外出（太原） (the place says where an away member is). */
export function describeNotCounted(member: MemberFacts, year: number): string {
  return reasonsNotCounted(member, year)
    .map((reason) => (reason === 'away' && member.away ? `外出（${member.away.place}）` : NOT_COUNTED_LABELS[reason]))
    .join(' · ')
}

/** Priority tags including the derived 60+ tag, for display and for the priority indicator. */
export function priorityTagsOf(member: MemberFacts, year: number): Array<PriorityTag | 'elderly'> {
  const tags: Array<PriorityTag | 'elderly'> = isElderly(member, year) ? ['elderly'] : []
  return tags.concat(member.tags ?? [])
}

export function isPriorityMember(member: MemberFacts, year: number): boolean {
  return priorityTagsOf(member, year).length > 0
}
