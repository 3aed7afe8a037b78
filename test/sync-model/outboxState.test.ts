import fc from 'fast-check'
import { applyPushResults, retryDelayMs } from '../../src/services/outboxState'
import type { Mutation } from '../../src/core/mutations'

test('backoff doubles from about 2 s to at most 5 minutes, jittered within the upper half of each step', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, random) => {
      const step = Math.min(2000 * 2 ** (failures - 1), 5 * 60 * 1000)
      const delay = retryDelayMs(failures, random)
      expect(delay).toBeGreaterThanOrEqual(step / 2)
      expect(delay).toBeLessThanOrEqual(step)
    })
  )
  expect(retryDelayMs(100, 0.999)).toBeLessThanOrEqual(5 * 60 * 1000)
})

test('a duplicate that replays an earlier rejection is kept as rejected, never dropped', () => {
  const mutation: Mutation = { id: 'm1', type: 'household.delete', payload: { id: 'h1' }, at: '2026-11-27T00:00:00Z' }
  const state = applyPushResults(
    { pending: [mutation], rejected: [] },
    [mutation],
    [{ id: 'm1', status: 'duplicate', error: { code: 'NOT_FOUND', message: '户不存在或无权查看' } }],
    '2026-11-27T00:00:01Z'
  )
  expect(state.pending).toEqual([])
  expect(state.rejected).toEqual([{ mutation, error: { code: 'NOT_FOUND', message: '户不存在或无权查看' }, rejectedAt: '2026-11-27T00:00:01Z' }])
})
