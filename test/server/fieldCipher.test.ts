import crypto from 'node:crypto'
import { createFieldCipher } from '../../server/src/crypto/fieldCipher'

describe('field cipher', () => {
  const cipher = createFieldCipher(crypto.randomBytes(32))

  test('decrypts what it encrypted', () => {
    for (const plain of ['13812345678', '11010519491231002X', '']) expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain)
  })

  test('gives every value its own IV, across refills of the random bytes it cuts IVs from', () => {
    // More values than one refill serves (256), twice over: a repeated IV would reveal equal numbers and break GCM.
    const stored = Array.from({ length: 600 }, () => cipher.encrypt('13812345678'))
    const ivs = stored.map((value) => value.split(':')[1])
    expect(new Set(ivs).size).toBe(stored.length)
    expect(ivs.every((iv) => Buffer.from(iv, 'base64').length === 12)).toBe(true)
    expect(stored.every((value) => cipher.decrypt(value) === '13812345678')).toBe(true)
  })
})
