import fc from 'fast-check'
import { maskName } from '../../src/core/names'

const codePoints = (text: string) => Array.from(text)

/** Characters that names are made of, including ones outside the BMP (surrogate pairs in UTF-16). */
const nameCharacter = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code)),
  fc.constantFrom('·', 'A', 'z', 'é')
)
const name = fc.array(nameCharacter, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''))

/** Positions a masked name shows: none of one character, the first of two, first and last of more. */
function shownPositions(length: number): number[] {
  if (length === 1) return []
  if (length === 2) return [0]
  return [0, length - 1]
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('maskName', () => {
  it('masks like 张*, 张*明, 欧**明', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('张小明')).toBe('张*明')
    expect(maskName('欧阳小明')).toBe('欧**明')
    expect(maskName('王')).toBe('*')
    expect(maskName('  李四 ')).toBe('李*')
    expect(maskName('')).toBe('')
  })

  it('counts a character outside the BMP once', () => {
    expect(maskName('𠮷野家')).toBe('𠮷*家')
    expect(maskName('张𠮷')).toBe('张*')
    expect(maskName('𠮷𠮷𠮷𠮷')).toBe('𠮷**𠮷')
  })

  it('keeps the length in code points and never shows a hidden character at its position', () => {
    fc.assert(
      fc.property(name, (full) => {
        const original = codePoints(full)
        const masked = codePoints(maskName(full))
        expect(masked).toHaveLength(original.length)
        const shown = shownPositions(original.length)
        original.forEach((character, position) => {
          if (shown.includes(position)) expect(masked[position]).toBe(character)
          else expect(masked[position]).toBe('*')
        })
      }),
      { numRuns: 500 }
    )
  })

  it('never contains a hidden character anywhere, nor half of a surrogate pair', () => {
    fc.assert(
      fc.property(name, (full) => {
        const original = codePoints(full)
        const masked = maskName(full)
        const positions = shownPositions(original.length)
        const shown = new Set(positions.map((i) => original[i]))
        const hidden = original.filter((_, i) => !positions.includes(i))
        for (const character of hidden) if (!shown.has(character)) expect(masked).not.toContain(character)
        expect(masked).not.toMatch(LONE_SURROGATE)
      }),
      { numRuns: 500 }
    )
  })
})
