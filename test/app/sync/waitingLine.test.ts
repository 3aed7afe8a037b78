import { unsyncedLine, waitingLine } from '@/features/sync/waitingLine'

test('says the households the waiting changes are about, and the changes', () => {
  expect(waitingLine(2, 5)).toBe('2 户 · 5 条待同步')
  expect(waitingLine(1, 1)).toBe('1 户 · 1 条待同步')
  // Only changes about members the phone does not know: no household to name.
  expect(waitingLine(0, 2)).toBe('2 条待同步')
})

test('at sign-out, says what has not reached the server: waiting and refused changes', () => {
  expect(unsyncedLine(3, 1)).toBe('还有 3 条修改未同步、1 条未通过')
  expect(unsyncedLine(3, 0)).toBe('还有 3 条修改未同步')
  expect(unsyncedLine(0, 2)).toBe('还有 2 条修改未通过')
  expect(unsyncedLine(0, 0)).toBeNull()
})
