import fc from 'fast-check'
import { compareVisits, isWithin, latestVisitAt, visitedIn } from '../../src/core/visitTimes'
import { currentQuarterInstants } from '../../src/core/period'

// 2026Q4 in China time: [2026-09-30T16:00Z, 2026-12-31T16:00Z).
const Q4 = currentQuarterInstants(new Date('2026-11-27T12:00:00Z'))

test('the current quarter is China time’s, as UTC instants', () => {
  expect(Q4).toEqual({ from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' })
})

test('a visit lies in a window from its first instant up to, not including, the next window’s', () => {
  expect(isWithin('2026-10-01T00:00:00+08:00', Q4)).toBe(true)
  expect(isWithin('2026-09-30T23:59:59.999+08:00', Q4)).toBe(false)
  expect(isWithin('2026-12-31T23:59:59.999+08:00', Q4)).toBe(true)
  expect(isWithin('2027-01-01T00:00:00+08:00', Q4)).toBe(false)
})

test('visited in a period: some visit in it, and a later visit (a phone with its clock ahead) does not undo it', () => {
  expect(visitedIn([], Q4)).toBe(false)
  expect(visitedIn([{ at: '2026-11-20T02:00:00.000Z' }, { at: '2027-02-01T02:00:00.000Z' }], Q4)).toBe(true)
  expect(visitedIn([{ at: '2026-08-01T02:00:00.000Z' }, { at: '2027-02-01T02:00:00.000Z' }], Q4)).toBe(false)
})

test('visits are listed newest first, ties by id, and the newest is the last visit', () => {
  const visits = [
    { id: 'b', at: '2026-11-01T02:00:00.000Z' },
    { id: 'c', at: '2026-11-20T02:00:00.000Z' },
    { id: 'a', at: '2026-11-01T02:00:00.000Z' }
  ]
  expect([...visits].sort(compareVisits).map((visit) => visit.id)).toEqual(['c', 'a', 'b'])
  expect(latestVisitAt(visits)).toBe('2026-11-20T02:00:00.000Z')
  expect(latestVisitAt([])).toBeNull()
})

test('the last visit is the first of the order, for any visits', () => {
  const visit = fc.record({ id: fc.uuid(), at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) })
  fc.assert(
    fc.property(fc.array(visit, { minLength: 1, maxLength: 8 }), (visits) => {
      expect(latestVisitAt(visits)).toBe([...visits].sort(compareVisits)[0].at)
    })
  )
})
