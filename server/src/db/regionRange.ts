import type { ExpressionBuilder, ExpressionWrapper, ReferenceExpression, SqlBool } from 'kysely'

/**
 * The codes under a region as a half-open range [prefix, next prefix): region codes are digit strings,
 * so `code LIKE '141002%'` equals `code >= '141002' AND code < '141003'` — and, unlike LIKE, a range
 * can use the index on SQLite and on PostgreSQL whatever the database's collation.
 * The upper bound is null when the prefix is all nines (nothing sorts after it).
 */
export function regionCodeRange(prefix: string): { from: string; below: string | null } {
  const digits = prefix.split('')
  let i = digits.length - 1
  while (i >= 0 && digits[i] === '9') i--
  if (i < 0) return { from: prefix, below: null }
  return { from: prefix, below: digits.slice(0, i).join('') + String(Number(digits[i]) + 1) }
}

/** `column` lies at or under the region `prefix` (see regionCodeRange). */
export function withinRegion<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  prefix: string
): ExpressionWrapper<DB, TB, SqlBool> {
  const { from, below } = regionCodeRange(prefix)
  const lower = eb(column, '>=', from as never)
  return below === null ? eb.and([lower]) : eb.and([lower, eb(column, '<', below as never)])
}
