/** Rows per multi-row INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export function chunkSize(columns: number): number {
  return Math.max(1, Math.floor(20_000 / columns))
}

export function chunks<T>(rows: ReadonlyArray<T>, size: number): T[][] {
  const out: T[][] = []
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size))
  return out
}
