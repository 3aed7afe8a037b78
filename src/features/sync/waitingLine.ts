/**
 * How the outbox's waiting changes are counted where the worker sees them: the households they are
 * about as well as the changes ("2 户 · 5 条待同步": a household saved with two members is one household
 * but several changes). Households the phone cannot place (a change about a member it does not know)
 * are not counted, so the line never names a household that is not there.
 */
export function waitingLine(households: number, changes: number): string {
  return households > 0 ? `${households} 户 · ${changes} 条待同步` : `${changes} 条待同步`
}

/**
 * What is not on the server yet, for the moment of signing out: "还有 3 条修改未同步、1 条未通过".
 * Null when nothing is left.
 */
export function unsyncedLine(waiting: number, refused: number): string | null {
  if (waiting > 0 && refused > 0) return `还有 ${waiting} 条修改未同步、${refused} 条未通过`
  if (waiting > 0) return `还有 ${waiting} 条修改未同步`
  if (refused > 0) return `还有 ${refused} 条修改未通过`
  return null
}
