import fc from 'fast-check'
import { countyCodeOf, isRegionCode, isWithinRegion, parentRegionCode, regionLevel } from '../../src/core/regions'

const VILLAGE = '141002001001'

const digitString = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''))

describe('regionLevel', () => {
  it('follows from the length of the code', () => {
    expect(regionLevel('14')).toBe('province')
    expect(regionLevel('1410')).toBe('city')
    expect(regionLevel('141002')).toBe('county')
    expect(regionLevel('141002001')).toBe('township')
    expect(regionLevel(VILLAGE)).toBe('village')
  })

  it('throws for anything that is not a region code', () => {
    for (const code of ['', '1', '141', '14100', '1410020010', '14100200100', '1410020010011', '14a0', '14 0']) {
      expect(() => regionLevel(code)).toThrow()
      expect(isRegionCode(code)).toBe(false)
    }
  })
})

describe('parentRegionCode', () => {
  it('walks up village → township → county → city → province → null', () => {
    const chain: Array<string | null> = [VILLAGE]
    while (chain[chain.length - 1] !== null) chain.push(parentRegionCode(chain[chain.length - 1]!))
    expect(chain).toEqual([VILLAGE, '141002001', '141002', '1410', '14', null])
  })

  it('every ancestor of a village encloses it and is one level up each step', () => {
    fc.assert(
      fc.property(digitString(12), (code) => {
        const levels = []
        let current: string | null = code
        while (current !== null) {
          expect(isRegionCode(current)).toBe(true)
          expect(isWithinRegion(code, current)).toBe(true)
          levels.push(regionLevel(current))
          current = parentRegionCode(current)
        }
        expect(levels).toEqual(['village', 'township', 'county', 'city', 'province'])
      })
    )
  })
})

describe('isWithinRegion', () => {
  it('holds for the region itself and everything below, not for siblings or parents', () => {
    expect(isWithinRegion(VILLAGE, VILLAGE)).toBe(true)
    expect(isWithinRegion(VILLAGE, '141002')).toBe(true)
    expect(isWithinRegion(VILLAGE, '14')).toBe(true)
    expect(isWithinRegion('141002001002', '141002001001')).toBe(false)
    expect(isWithinRegion('141002002002', '141002001')).toBe(false)
    expect(isWithinRegion('141002', VILLAGE)).toBe(false)
    expect(isWithinRegion('1410', '1411')).toBe(false)
  })

  it('a region never lies within a code that differs in its own prefix', () => {
    fc.assert(
      fc.property(digitString(12), fc.nat(11), (code, position) => {
        const other = code.slice(0, position) + String((Number(code[position]) + 1) % 10) + code.slice(position + 1)
        const scope = other.slice(0, position < 9 ? [2, 4, 6, 9].find((l) => l > position)! : 12)
        expect(isWithinRegion(code, scope)).toBe(false)
      })
    )
  })
})

describe('countyCodeOf', () => {
  it('is the county a village, township or county lies in: the ancestor at county level', () => {
    expect(countyCodeOf(VILLAGE)).toBe('141002')
    expect(countyCodeOf('141002001')).toBe('141002')
    expect(countyCodeOf('141002')).toBe('141002')
    fc.assert(
      fc.property(fc.constantFrom(6, 9, 12).chain(digitString), (code) => {
        let county = code
        while (regionLevel(county) !== 'county') county = parentRegionCode(county)!
        expect(countyCodeOf(code)).toBe(county)
      })
    )
  })

  it('refuses a province or city, which spans counties', () => {
    expect(() => countyCodeOf('14')).toThrow(/province/)
    expect(() => countyCodeOf('1410')).toThrow(/city/)
  })
})
