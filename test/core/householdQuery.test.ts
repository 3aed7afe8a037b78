import fc from 'fast-check'
import { compareCodePoints } from '../../src/core/codePointOrder'
import {
  chineseNumeralDigits,
  compareHouseholdPositions,
  householdSearchOf,
  householdSortKey,
  matchesFilter,
  matchesFilters,
  matchesSearch,
  type FilterFacts
} from '../../src/core/householdQuery'
import { currentQuarterInstants } from '../../src/core/period'
import type { MemberCoverageFacts } from '../../src/core/coverage'

const CONTEXT = { year: 2026, window: currentQuarterInstants(new Date('2026-11-27T12:00:00Z')) }
const MEMBERS = [{ name: '欧阳志明', phoneMasked: '138****1234' }]

test('a search is the text trimmed; a whole mobile number, however typed, also carries its masked form', () => {
  expect(householdSearchOf(undefined)).toBeNull()
  expect(householdSearchOf('   ')).toBeNull()
  expect(householdSearchOf(' 三组 ')).toEqual({ text: '三组', phoneMask: null })
  expect(householdSearchOf('138 9999 1234')).toEqual({ text: '138 9999 1234', phoneMask: '138****1234' })
  expect(householdSearchOf('+8613812341234')?.phoneMask).toBe('138****1234')
  // The mask itself, or part of a number, is only text.
  expect(householdSearchOf('138****1234')?.phoneMask).toBeNull()
  expect(householdSearchOf('1234')?.phoneMask).toBeNull()
})

test('text matches the address as the card shows it and member names, exactly (case, no wildcards)', () => {
  const match = (q: string, address = '三组 5栋 2单元 301号 Ann家') => matchesSearch(householdSearchOf(q)!, address, MEMBERS)
  expect(match('5栋')).toBe(true)
  expect(match('5栋 2单元')).toBe(true)
  expect(match('欧阳')).toBe(true)
  expect(match('Ann')).toBe(true)
  expect(match('ann')).toBe(false)
  expect(match('_')).toBe(false)
  expect(match('%')).toBe(false)
})

test('a whole number matches the members whose number masks the same way (all the phone can know)', () => {
  const match = (q: string) => matchesSearch(householdSearchOf(q)!, '四组', MEMBERS)
  expect(match('13812341234')).toBe(true)
  expect(match('13899991234')).toBe(true)
  expect(match('13812341235')).toBe(false)
  expect(matchesSearch(householdSearchOf('13812341234')!, '四组', [{ name: '李强', phoneMasked: null }])).toBe(false)
})

function facts(members: Array<Partial<MemberCoverageFacts>>, visits: string[] = []): FilterFacts {
  return { members: members.map((m) => ({ birthYear: 1980, smartphone: 'yes' as const, away: null, tags: [], appStatus: null, ...m })), visits: visits.map((at) => ({ at })) }
}

test('not_registered: some member app coverage counts has not registered', () => {
  expect(matchesFilter('not_registered', facts([{ appStatus: 'registered' }, { appStatus: 'installed_unregistered' }]), CONTEXT)).toBe(true)
  expect(matchesFilter('not_registered', facts([{ appStatus: 'registered' }, { birthYear: 2015 }, { smartphone: 'no' }, { away: { place: '太原' } }]), CONTEXT)).toBe(false)
})

test('priority: some member 60 or older or with a priority tag', () => {
  expect(matchesFilter('priority', facts([{ birthYear: 1966 }]), CONTEXT)).toBe(true)
  expect(matchesFilter('priority', facts([{ birthYear: 1967 }, { tags: ['student'] }]), CONTEXT)).toBe(true)
  expect(matchesFilter('priority', facts([{ birthYear: 1967 }]), CONTEXT)).toBe(false)
})

test('not_visited: no visit in this quarter, whatever the latest visit is', () => {
  expect(matchesFilter('not_visited', facts([], []), CONTEXT)).toBe(true)
  expect(matchesFilter('not_visited', facts([], ['2026-09-30T15:59:59.999Z']), CONTEXT)).toBe(true)
  expect(matchesFilter('not_visited', facts([], ['2026-11-20T02:00:00.000Z', '2027-01-05T02:00:00.000Z']), CONTEXT)).toBe(false)
})

test('Chinese numerals have their decimal digits: digit by digit, or with 十, 百 and 千', () => {
  expect(['三', '十', '十一', '二十', '二十三', '两', '三百零五', '一百一十', '一千零一', '二〇二六'].map(chineseNumeralDigits)).toEqual([
    '3', '10', '11', '20', '23', '2', '305', '110', '1001', '2026'
  ])
})

test('the sort key pads numbers, digits and Chinese numerals alike: 2栋 before 10栋, 二组 before 三组 before 十一组', () => {
  expect(householdSortKey({ group: '三组', building: '2' })).toBe('00000003组 00000002栋')
  const groups = ['十一组', '三组', '一组', '二组', '十组', '四组'].map((group) => householdSortKey({ group }))
  expect([...groups].sort(compareCodePoints)).toEqual(['一组', '二组', '三组', '四组', '十组', '十一组'].map((group) => householdSortKey({ group })))
  const position = (building: string, id = 'a') => ({ sortKey: householdSortKey({ group: '三组', building }), id })
  expect(compareHouseholdPositions(position('2'), position('10'))).toBeLessThan(0)
  expect(compareHouseholdPositions(position('2', 'b'), position('2', 'a'))).toBeGreaterThan(0)
})

test('households are ordered by sort key then id in byte order, as the databases order them', () => {
  const text = fc.string({ unit: fc.constantFrom('一', '三', 'a', 'B', '5', '＃', '𠀋', ' '), maxLength: 4 })
  fc.assert(
    fc.property(text, text, fc.uuid(), fc.uuid(), (keyA, keyB, idA, idB) => {
      const bytes = (s: string) => Buffer.from(s, 'utf8')
      const expected = Buffer.compare(bytes(keyA), bytes(keyB)) || Buffer.compare(bytes(idA), bytes(idB))
      expect(Math.sign(compareHouseholdPositions({ sortKey: keyA, id: idA }, { sortKey: keyB, id: idB }))).toBe(expected)
    })
  )
})

test('filters combine: a household passes a set when it passes each filter in it, the empty set passes all', () => {
  const filterSet = fc.subarray(['not_registered', 'priority', 'not_visited'] as const)
  const factsArb = fc
    .record({
      members: fc.array(
        fc.record({ birthYear: fc.constantFrom(1950, 1980, 2015), smartphone: fc.constantFrom('yes' as const, 'no' as const), appStatus: fc.constantFrom(null, 'registered' as const) }),
        { maxLength: 3 }
      ),
      visited: fc.boolean()
    })
    .map(({ members, visited }) => facts(members, visited ? ['2026-11-20T02:00:00.000Z'] : []))
  fc.assert(
    fc.property(filterSet, factsArb, (filters, householdFacts) => {
      expect(matchesFilters(filters, householdFacts, CONTEXT)).toBe(filters.every((filter) => matchesFilter(filter, householdFacts, CONTEXT)))
    })
  )
  const elderlyUnregistered = facts([{ birthYear: 1950 }])
  expect(matchesFilters(['not_registered', 'priority'], elderlyUnregistered, CONTEXT)).toBe(true)
  expect(matchesFilters(['not_registered', 'priority'], facts([{ birthYear: 1980 }]), CONTEXT)).toBe(false)
  expect(matchesFilters([], facts([]), CONTEXT)).toBe(true)
})
