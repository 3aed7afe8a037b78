import fc from 'fast-check'
import { regionCodeRange } from '../../server/src/db/regionRange'

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max })

describe('regionCodeRange', () => {
  it('computes the next prefix with carries', () => {
    expect(regionCodeRange('141002')).toEqual({ from: '141002', below: '141003' })
    expect(regionCodeRange('141009')).toEqual({ from: '141009', below: '14101' })
    expect(regionCodeRange('1499')).toEqual({ from: '1499', below: '15' })
    expect(regionCodeRange('99')).toEqual({ from: '99', below: null })
  })

  it('selects exactly the codes that start with the prefix, as LIKE prefix% would', () => {
    fc.assert(
      fc.property(digits(1, 12), digits(0, 12), (prefix, code) => {
        const { from, below } = regionCodeRange(prefix)
        const inRange = code >= from && (below === null || code < below)
        expect(inRange).toBe(code.startsWith(prefix))
      }),
      { numRuns: 2000 }
    )
  })

  it('holds for codes that share most of the prefix', () => {
    fc.assert(
      fc.property(digits(2, 9), digits(0, 3), digits(0, 6), (prefix, tweak, rest) => {
        const code = prefix.slice(0, prefix.length - tweak.length) + tweak + rest
        const { from, below } = regionCodeRange(prefix)
        expect(code >= from && (below === null || code < below)).toBe(code.startsWith(prefix))
      }),
      { numRuns: 2000 }
    )
  })
})
