import fc from 'fast-check'
import { idCheckCharacter, isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../../src/core/idNumber'

const pad = (value: number, width: number) => String(value).padStart(width, '0')

/** Valid GB 11643-1999 numbers: any 6-digit area, a real birth date 1900..2025, a sequence, the check character. */
const validIdNumber = fc
  .record({
    area: fc.integer({ min: 0, max: 999_999 }),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 })
  })
  .map(({ area, birth, sequence }) => {
    const date = `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}`
    const first17 = `${pad(area, 6)}${date}${pad(sequence, 3)}`
    return first17 + idCheckCharacter(first17)
  })

const CHARACTERS = '0123456789X'.split('')

/** An ID number with this birth date whose check character is right, so only the date can make it fail. */
function withDate(yyyymmdd: string): string {
  const first17 = `110105${yyyymmdd}002`
  return first17 + idCheckCharacter(first17)
}

describe('isValidIdNumber', () => {
  it('accepts the standard example and rejects it with a wrong check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('110105194912310021')).toBe(false)
  })

  it('accepts every generated valid number', () => {
    fc.assert(fc.property(validIdNumber, (id) => expect(isValidIdNumber(id)).toBe(true)), { numRuns: 500 })
  })

  it('rejects every single-character change of a valid number', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        for (let position = 0; position < 18; position++) {
          for (const character of CHARACTERS) {
            if (character === id[position]) continue
            const changed = id.slice(0, position) + character + id.slice(position + 1)
            expect([changed, isValidIdNumber(changed)]).toEqual([changed, false])
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  it('rejects dates that do not exist, even with a right check character', () => {
    for (const date of ['19990230', '19000229', '20230229', '20231301', '20230100', '20230431', '18991231']) {
      expect([date, isValidIdNumber(withDate(date))]).toEqual([date, false])
    }
    for (const date of ['20000229', '20240229', '19000101', '20231231']) {
      expect([date, isValidIdNumber(withDate(date))]).toEqual([date, true])
    }
  })

  it('rejects wrong lengths and characters', () => {
    for (const id of ['', '11010519491231002', '11010519491231002X1', '1101051949123100XX', '11010519491231002Y']) {
      expect(isValidIdNumber(id)).toBe(false)
    }
  })

  it('accepts a lowercase x and spaces, and normalizes them', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
    expect(isValidIdNumber('110105 19491231 002X')).toBe(true)
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X')
    fc.assert(
      fc.property(validIdNumber, (id) => {
        expect(isValidIdNumber(id.toLowerCase())).toBe(true)
        expect(normalizeIdNumber(id.toLowerCase())).toBe(id)
      })
    )
  })
})

describe('maskIdNumber', () => {
  it('keeps the first four and last four characters: 1101**********002X', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X')
  })

  it('never shows a hidden character at its position, keeps exactly the first and last four, length 18', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        const masked = maskIdNumber(id)
        expect(masked).toHaveLength(18)
        expect(masked.slice(0, 4)).toBe(id.slice(0, 4))
        expect(masked.slice(-4)).toBe(id.slice(-4))
        for (let position = 4; position < 14; position++) {
          expect(masked[position]).toBe('*')
          expect(masked[position]).not.toBe(id[position])
        }
        // The birth date, the most sensitive part, never appears as a whole.
        expect(masked).not.toContain(id.slice(6, 14))
      }),
      { numRuns: 300 }
    )
  })

  it('masks short input entirely', () => {
    expect(maskIdNumber('1234')).toBe('****')
    expect(maskIdNumber('12345678')).toBe('********')
  })
})
