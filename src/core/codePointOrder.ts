/**
 * Text order as the databases compare it: by Unicode code point, which is the byte order of UTF-8
 * (PostgreSQL's "C" collation, SQLite's BINARY). JavaScript's `<` compares UTF-16 code units instead,
 * which puts characters outside the BMP (𠀋, U+2000B, stored as a surrogate pair) before U+E000–U+FFFF
 * (＃, U+FF03); everything both the phone and the server sort goes through this one comparison.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

/**
 * A code unit's place in code point order at the first difference of two strings: surrogates (halves
 * of code points above U+FFFF) move above U+E000–U+FFFF, which move down to make room. At a difference
 * both units are either ordinary or halves of pairs with the same high half, so this is exact.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  if (unit >= 0xe000) return unit - 0x800
  return unit
}
