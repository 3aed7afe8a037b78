import fc from 'fast-check'
import { byWhatNeedsDoing, needOf, visitedBySummary } from '@/features/households/ordering'

// 2026Q4 in China time runs from 2026-10-01T00:00+08:00 to 2027-01-01T00:00+08:00.
const NOW = new Date('2026-11-27T12:00:00Z')

test('a summary counts as visited this quarter when its latest visit falls in the quarter, by China time', () => {
  expect(visitedBySummary({ lastVisitAt: '2026-11-20T10:30:00+08:00' }, NOW)).toBe(true)
  expect(visitedBySummary({ lastVisitAt: '2026-09-30T23:59:00+08:00' }, NOW)).toBe(false)
  // 16:30 UTC on 30 September is already 1 October in China.
  expect(visitedBySummary({ lastVisitAt: '2026-09-30T16:30:00Z' }, NOW)).toBe(true)
  expect(visitedBySummary({ lastVisitAt: null }, NOW)).toBe(false)
})

function household(address: string, eligible: number, registered: number, visited: boolean) {
  return { addressText: address, eligible, registered, visited }
}
const isVisited = (h: { visited: boolean }) => h.visited

test('unvisited households with unregistered members come first, then unvisited, then unregistered, then the rest', () => {
  const done = household('一组 1号', 2, 2, true)
  const unregistered = household('一组 2号', 2, 1, true)
  const unvisited = household('一组 3号', 1, 1, false)
  const both = household('一组 4号', 3, 0, false)
  const noEligible = household('一组 5号', 0, 0, false)
  const ordered = byWhatNeedsDoing([done, unregistered, unvisited, both, noEligible], isVisited)
  expect(ordered.map((h) => h.addressText)).toEqual(['一组 4号', '一组 3号', '一组 5号', '一组 2号', '一组 1号'])
  expect([both, unvisited, noEligible, unregistered, done].map((h) => needOf(h, h.visited))).toEqual([0, 1, 1, 2, 3])
})

const arbitraryHousehold = fc
  .record({ eligible: fc.integer({ min: 0, max: 5 }), registeredShare: fc.integer({ min: 0, max: 5 }), visited: fc.boolean() })
  .map(({ eligible, registeredShare, visited }) => ({ eligible, registered: Math.min(eligible, registeredShare), visited }))

test('ordering is a stable permutation sorted by need', () => {
  fc.assert(
    fc.property(fc.array(arbitraryHousehold, { maxLength: 40 }), (list) => {
      const input = list.map((h, position) => ({ ...h, position }))
      const ordered = byWhatNeedsDoing(input, isVisited)
      expect(ordered.map((h) => h.position).sort((a, b) => a - b)).toEqual(input.map((h) => h.position))
      for (let i = 1; i < ordered.length; i++) {
        const [a, b] = [ordered[i - 1], ordered[i]]
        const [needA, needB] = [needOf(a, a.visited), needOf(b, b.visited)]
        expect(needA).toBeLessThanOrEqual(needB)
        if (needA === needB) expect(a.position).toBeLessThan(b.position)
      }
      // A copy: the input keeps its order.
      expect(input.map((h) => h.position)).toEqual(list.map((_, position) => position))
    })
  )
})
