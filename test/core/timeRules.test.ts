import fc from 'fast-check'
import { birthYearErrors, mutationTimeErrors, visitTimeErrors } from '../../src/core/timeRules'
import { MUTATION_TYPES } from '../../src/core/mutations'
import { yearInChina } from '../../src/core/period'

/** The server's test clock: 15 November 2026, 10:00 in China. */
const NOW = new Date('2026-11-15T02:00:00.000Z')
const MINUTE = 60 * 1000

describe('birth year', () => {
  it('may be this year, not next year', () => {
    expect(birthYearErrors(2026, NOW)).toEqual([])
    expect(birthYearErrors(1900, NOW)).toEqual([])
    expect(birthYearErrors(2027, NOW)).toEqual([{ field: 'birthYear', message: '出生年份不能晚于2026年' }])
    expect(birthYearErrors(2090, NOW)).toEqual([{ field: 'birthYear', message: '出生年份不能晚于2026年' }])
  })

  it('counts "this year" in China time: at 16:00 UTC on 31 December it is already next year', () => {
    expect(birthYearErrors(2027, new Date('2026-12-31T15:59:59.999Z'))).toHaveLength(1)
    expect(birthYearErrors(2027, new Date('2026-12-31T16:00:00.000Z'))).toEqual([])
  })

  it('is refused exactly when it lies after the year in China', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (year, now) => {
        expect(birthYearErrors(year, now).length > 0).toBe(year > yearInChina(now))
      })
    )
  })

  it('leaves a value that is not a number to the schema', () => {
    expect(birthYearErrors('2090', NOW)).toEqual([])
    expect(birthYearErrors(undefined, NOW)).toEqual([])
  })
})

describe('visit time', () => {
  it('may be up to ten minutes ahead of the clock, not more', () => {
    expect(visitTimeErrors(new Date(NOW.getTime() + 10 * MINUTE).toISOString(), NOW)).toEqual([])
    expect(visitTimeErrors('2026-11-15T10:10:00+08:00', NOW)).toEqual([])
    expect(visitTimeErrors('2026-11-15T10:10:00.001+08:00', NOW)).toEqual([{ field: 'at', message: '时间不能晚于现在（请检查手机的日期和时间）' }])
    expect(visitTimeErrors('2026-11-16T09:30:00+08:00', NOW)).toHaveLength(1)
  })

  it('may not lie before 2000 in China', () => {
    expect(visitTimeErrors('2000-01-01T00:00:00+08:00', NOW)).toEqual([])
    expect(visitTimeErrors('1999-12-31T23:59:59+08:00', NOW)).toEqual([{ field: 'at', message: '时间不能早于2000年（请检查手机的日期和时间）' }])
    expect(visitTimeErrors('1970-01-01T00:00:00Z', NOW)).toHaveLength(1)
  })

  it('is refused exactly when it lies more than ten minutes after now', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3 * 365 * 24 * 60 * MINUTE, max: 24 * 60 * MINUTE }), (offset) => {
        const at = new Date(NOW.getTime() + offset).toISOString()
        expect(visitTimeErrors(at, NOW).length > 0).toBe(offset > 10 * MINUTE)
      }),
      { numRuns: 500 }
    )
  })

  it('leaves a malformed time to the schema', () => {
    expect(visitTimeErrors('tomorrow', NOW)).toEqual([])
    expect(visitTimeErrors(20261116, NOW)).toEqual([])
  })
})

describe('mutationTimeErrors', () => {
  const future = { birthYear: 2090, at: '2090-01-01T00:00:00+08:00' }

  it('applies the birth-year rule to member.upsert and the visit-time rule to visit.record, and nothing else', () => {
    const fieldsByType = Object.fromEntries(MUTATION_TYPES.map((type) => [type, mutationTimeErrors(type, future, NOW).map((error) => error.field)]))
    expect(fieldsByType).toEqual({
      'household.upsert': [],
      'household.delete': [],
      'household.move': [],
      'member.upsert': ['birthYear'],
      'member.delete': [],
      'member.app': [],
      'visit.record': ['at'],
      'certification.review': []
    })
  })

  it('reads any payload without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MUTATION_TYPES), fc.anything(), (type, payload) => {
        expect(Array.isArray(mutationTimeErrors(type, payload, NOW))).toBe(true)
      })
    )
  })
})
