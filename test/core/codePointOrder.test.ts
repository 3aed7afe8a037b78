import fc from 'fast-check'
import { compareCodePoints } from '../../src/core/codePointOrder'

const sign = (n: number) => Math.sign(n)

test('orders strings by code point, which is the byte order of their UTF-8 (the databases’ order)', () => {
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'B', '一', '三', '＃', '\uffff', '𠀋', '😀'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 6 })
  fc.assert(
    fc.property(text, text, (a, b) => {
      expect(sign(compareCodePoints(a, b))).toBe(sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))))
    })
  )
})

test('puts a character outside the BMP after one near the top of the BMP, unlike UTF-16 order', () => {
  expect('𠀋' < '＃').toBe(true)
  expect(compareCodePoints('𠀋', '＃')).toBeGreaterThan(0)
  expect(compareCodePoints('一组', '三组')).toBeLessThan(0)
  expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0)
  expect(compareCodePoints('same', 'same')).toBe(0)
})
