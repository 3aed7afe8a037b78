import type { Mutation } from '@/core/mutations'
import { gridAfterWaitingMoves } from '@/features/households/waitingMoves'

const at = '2026-11-15T02:00:00.000Z'
const move = (id: string, householdId: string, gridId: string): Mutation => ({ id, type: 'household.move', payload: { id: householdId, gridId }, at })

test('the last waiting move of the household wins; other households and other changes do not count', () => {
  const pending: Mutation[] = [
    move('m1', 'h-1', 'g-2'),
    { id: 'm2', type: 'household.delete', payload: { id: 'h-1' }, at },
    move('m3', 'h-2', 'g-9'),
    move('m4', 'h-1', 'g-3')
  ]
  expect(gridAfterWaitingMoves('h-1', 'g-1', pending)).toBe('g-3')
  expect(gridAfterWaitingMoves('h-1', 'g-1', pending.slice(0, 3))).toBe('g-2')
  expect(gridAfterWaitingMoves('h-3', 'g-1', pending)).toBe('g-1')
  expect(gridAfterWaitingMoves('h-1', 'g-1', [])).toBe('g-1')
})
