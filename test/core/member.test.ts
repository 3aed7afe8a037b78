import fc from 'fast-check'
import {
  ELIGIBLE_AGE,
  PRIORITY_TAGS,
  SMARTPHONE_ANSWERS,
  describeNotCounted,
  isEligible,
  reasonsNotCounted,
  type MemberFacts
} from '../../src/core/member'

const YEAR = 2026

const memberArb: fc.Arbitrary<MemberFacts> = fc.record({
  // Around the age line, unknown, and far from it.
  birthYear: fc.option(fc.oneof(fc.integer({ min: YEAR - ELIGIBLE_AGE - 2, max: YEAR - ELIGIBLE_AGE + 2 }), fc.integer({ min: 1900, max: YEAR })), {
    nil: null
  }),
  smartphone: fc.constantFrom(...SMARTPHONE_ANSWERS),
  away: fc.option(fc.record({ place: fc.constantFrom('太原', '北京') }), { nil: null }),
  tags: fc.subarray([...PRIORITY_TAGS])
})

test('a member has a reason not to count exactly when isEligible says they do not count', () => {
  fc.assert(
    fc.property(memberArb, fc.integer({ min: 2000, max: 2100 }), (member, year) => {
      expect(reasonsNotCounted(member, year).length === 0).toBe(isEligible(member, year))
    }),
    { numRuns: 2000 }
  )
})

test('each reason is a rule of eligibility the member fails, and fixing it alone removes only that reason', () => {
  fc.assert(
    fc.property(memberArb, (member) => {
      const reasons = reasonsNotCounted(member, YEAR)
      const age = member.birthYear == null ? null : YEAR - member.birthYear
      expect(reasons.includes('birth_year_unknown')).toBe(age === null)
      expect(reasons.includes('under_age')).toBe(age !== null && age < ELIGIBLE_AGE)
      expect(reasons.includes('no_smartphone')).toBe(member.smartphone === 'no')
      expect(reasons.includes('smartphone_unknown')).toBe(member.smartphone === 'unknown')
      expect(reasons.includes('away')).toBe(Boolean(member.away))
      const athome = reasonsNotCounted({ ...member, away: null }, YEAR)
      expect(athome).toEqual(reasons.filter((reason) => reason !== 'away'))
    })
  )
})

test('the line a member row shows: 未满16岁 for a 15-year-old, every reason, and where an away member is', () => {
  expect(describeNotCounted({ birthYear: YEAR - 15, smartphone: 'yes', away: null }, YEAR)).toBe('未满16岁')
  expect(describeNotCounted({ birthYear: YEAR - 16, smartphone: 'yes', away: null }, YEAR)).toBe('')
  expect(describeNotCounted({ birthYear: null, smartphone: 'no', away: { place: '太原' } }, YEAR)).toBe('未填出生年份 · 无智能手机 · 外出（太原）')
  expect(describeNotCounted({ birthYear: 1970, smartphone: 'unknown' }, YEAR)).toBe('不清楚有无智能手机')
})
