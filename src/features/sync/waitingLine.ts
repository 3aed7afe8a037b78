/**
 * How the outbox's waiting changes are counted where the worker sees them: the households they are
 * about as well as the changes ("2 户 · 5 条待同步": a household saved with two members is one household
 * but several changes). Households the phone cannot place (a change about a member it does not know)
 * are not counted, so the line never names a household that is not there.
 */
export function waitingLine(households: number, changes: number): string {
  return households > 0 ? `${households} 户 · ${changes} 条待同步` : `${changes} 条待同步`
}
