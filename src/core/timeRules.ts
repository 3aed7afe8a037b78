import type { MutationType } from './mutations'
import { yearInChina } from './period'
import { fieldError, type FieldError } from './validation'

/**
 * Rules of a mutation payload that depend on the current time, so no static schema can hold them.
 * Each checker passes in its own clock: the app's forms the phone's, the server's sync push and the
 * roster import the server's injectable `now`. They run on the raw payload next to the schema, and
 * read a field only when it has the schema's type, so a form shows every error at once.
 */

/**
 * How far past the checking clock a visit may be dated. A phone sets a visit's time from its own clock,
 * which may run a little ahead of the server's; ten minutes absorbs that drift, while a phone set to
 * the wrong day (which would put the visit in a later quarter's figures) is still caught.
 */
const VISIT_CLOCK_SKEW_MS = 10 * 60 * 1000

/** No visit predates the campaign (China time); an earlier time means a phone whose clock was reset. */
const EARLIEST_VISIT_YEAR = 2000
const EARLIEST_VISIT_MS = Date.parse(`${EARLIEST_VISIT_YEAR}-01-01T00:00:00+08:00`)
const CHECK_PHONE_CLOCK = '（请检查手机的日期和时间）'

/** A birth year after this year in China (ages count by calendar year there) is refused. */
export function birthYearErrors(birthYear: unknown, now: Date): FieldError[] {
  const thisYear = yearInChina(now)
  return typeof birthYear === 'number' && birthYear > thisYear ? [fieldError(['birthYear'], `不能晚于${thisYear}年`)] : []
}

/** A visit dated more than the skew after `now`, or before 2000 in China, is refused. */
export function visitTimeErrors(at: unknown, now: Date): FieldError[] {
  // A time the schema refuses is reported by the schema.
  const time = typeof at === 'string' ? Date.parse(at) : NaN
  if (Number.isNaN(time)) return []
  if (time > now.getTime() + VISIT_CLOCK_SKEW_MS) return [fieldError(['at'], `不能晚于现在${CHECK_PHONE_CLOCK}`)]
  if (time < EARLIEST_VISIT_MS) return [fieldError(['at'], `不能早于${EARLIEST_VISIT_YEAR}年${CHECK_PHONE_CLOCK}`)]
  return []
}

type TimeRule = (payload: Record<string, unknown>, now: Date) => FieldError[]

const TIME_RULES: Partial<Record<MutationType, TimeRule>> = {
  'member.upsert': (member, now) => birthYearErrors(member.birthYear, now),
  'visit.record': (visit, now) => visitTimeErrors(visit.at, now)
}

/** The time rules' errors for a payload of `type`, fields named relative to the payload. */
export function mutationTimeErrors(type: MutationType, payload: unknown, now: Date): FieldError[] {
  const rule = TIME_RULES[type]
  if (!rule || typeof payload !== 'object' || payload === null) return []
  return rule(payload as Record<string, unknown>, now)
}
