import fc from 'fast-check'
import { isValidPhone, maskPhone, normalizePhone } from '../../src/core/phone'

const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''))

/** Mainland mobile numbers: 1, then 3-9, then nine digits. */
const validPhone = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9))
  .map(([second, rest]) => `1${second}${rest}`)

/** The same number as people type it: with a country prefix, spaces and dashes between the digits. */
const typedPhone = fc
  .record({
    phone: validPhone,
    prefix: fc.constantFrom('', '+86', '0086', '+86 ', '0086-'),
    separators: fc.array(fc.constantFrom('', '', '', ' ', '-'), { minLength: 10, maxLength: 10 })
  })
  .map(({ phone, prefix, separators }) => ({
    phone,
    typed: prefix + phone.split('').map((digit, i) => digit + (separators[i] ?? '')).join('')
  }))

describe('normalizePhone', () => {
  it('removes spaces, dashes and the +86 / 0086 prefixes', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678')
    expect(normalizePhone('138-1234-5678')).toBe('13812345678')
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678')
    expect(normalizePhone('+8613812345678')).toBe('13812345678')
    expect(normalizePhone('0086-138-1234-5678')).toBe('13812345678')
    expect(normalizePhone(' 13812345678 ')).toBe('13812345678')
  })

  it('gives back the number however it was typed', () => {
    fc.assert(
      fc.property(typedPhone, ({ phone, typed }) => {
        expect(normalizePhone(typed)).toBe(phone)
        expect(isValidPhone(typed)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})

describe('isValidPhone', () => {
  it('accepts every generated mobile number', () => {
    fc.assert(fc.property(validPhone, (phone) => expect(isValidPhone(phone)).toBe(true)), { numRuns: 300 })
  })

  it('rejects numbers that are not mainland mobiles', () => {
    for (const phone of ['', '12812345678', '10012345678', '1381234567', '138123456789', '2381234567', '1381234567a', '010-12345678', '+85213812345678']) {
      expect([phone, isValidPhone(phone)]).toEqual([phone, false])
    }
  })

  it('rejects a valid number with one digit dropped or added', () => {
    fc.assert(
      fc.property(validPhone, fc.nat(10), fc.integer({ min: 0, max: 9 }), (phone, position, digit) => {
        expect(isValidPhone(phone.slice(0, position) + phone.slice(position + 1))).toBe(false)
        expect(isValidPhone(phone.slice(0, position) + digit + phone.slice(position))).toBe(false)
      })
    )
  })
})

describe('maskPhone', () => {
  it('shows 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678')
  })

  it('hides exactly the middle four digits and keeps prefix and suffix', () => {
    fc.assert(
      fc.property(typedPhone, ({ phone, typed }) => {
        const masked = maskPhone(typed)
        expect(masked).toHaveLength(11)
        expect(masked.slice(3, 7)).toBe('****')
        expect(masked.slice(0, 3)).toBe(phone.slice(0, 3))
        expect(masked.slice(7)).toBe(phone.slice(7))
        for (let position = 3; position < 7; position++) expect(masked[position]).not.toBe(phone[position])
        expect(masked.replace(/\D/g, '')).toHaveLength(7)
      }),
      { numRuns: 300 }
    )
  })

  it('masks short input entirely', () => {
    expect(maskPhone('123456')).toBe('******')
  })
})
