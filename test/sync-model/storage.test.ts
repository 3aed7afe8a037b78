import fc from 'fast-check'
import type { Phone } from './platform'
import { splitByBytes, utf8ByteLength } from '../../src/services/storageLayout'
import { SHARD_MAX_BYTES } from '../../src/services/storage'

type StorageModule = typeof import('../../src/services/storage')
type PlatformModule = typeof import('./platform')

/** A phone with nothing but storage; `killAfterWrites` kills the app at that storage write. */
function phoneWithStorage(storage = new Map<string, string>()): Phone & { killAfterWrites: number | null } {
  const phone = {
    storage,
    online: false,
    statusListeners: new Set<never>(),
    killAfterWrites: null as number | null,
    send: () => Promise.reject(new Error('no network')),
    beforeStorageWrite() {
      if (phone.killAfterWrites === null) return
      if (phone.killAfterWrites === 0) throw new Error('app killed')
      phone.killAfterWrites--
    }
  }
  return phone
}

/**
 * The storage module as a freshly started app loads it, built for weapp or for H5: Taro's build puts the
 * platform in process.env.TARO_ENV, which the module reads as it loads.
 */
function startApp(phone: Phone, platform: 'weapp' | 'h5' = 'weapp'): StorageModule {
  let storage!: StorageModule
  const built = process.env.TARO_ENV
  process.env.TARO_ENV = platform
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ;(require('@tarojs/taro') as PlatformModule).attachPhone(phone)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      storage = require('@/services/storage') as StorageModule
    })
  } finally {
    if (built === undefined) Reflect.deleteProperty(process.env, 'TARO_ENV')
    else process.env.TARO_ENV = built
  }
  return storage
}

/** Values from tiny to a few MB, with Chinese text (3 bytes a character) and emoji (4). */
const textArb = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 50 }))
const valueArb = fc.oneof(
  { weight: 2, arbitrary: fc.array(fc.record({ id: fc.uuid(), note: textArb })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3_000_000 }), fc.constantFrom('户', 'a', '😀')).map(([n, c]) => [c.repeat(Math.ceil(n / utf8ByteLength(c)))]) }
)

test('UTF-8 length and splitting never cut a character and never exceed the limit', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 4, max: 64 }), (text, max) => {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'))
      const pieces = splitByBytes(text, max)
      expect(pieces.join('')).toBe(text)
      for (const piece of pieces) {
        expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(max)
        expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece)
      }
    })
  )
})

test('large values are sharded below 1 MB a key and read back whole after a restart', () => {
  fc.assert(
    fc.property(fc.array(valueArb, { minLength: 1, maxLength: 3 }), (values) => {
      const phone = phoneWithStorage()
      let storage = startApp(phone)
      for (const value of values) storage.writeJson('big', value)
      for (const stored of phone.storage.values()) expect(utf8ByteLength(stored)).toBeLessThan(1024 * 1024)
      storage = startApp(phone)
      expect(storage.readJson('big', null)).toEqual(values[values.length - 1])
      // Only the current value's keys are left, plus the usage ledger.
      storage.removeKey('big')
      expect([...phone.storage.keys()]).toEqual(['wuzha.storage.ledger'])
    }),
    { numRuns: 25 }
  )
})

test('an app killed at any point of a write keeps either the old or the new value, never less', () => {
  fc.assert(
    fc.property(valueArb, valueArb, fc.nat({ max: 12 }), (before, after, killAt) => {
      const phone = phoneWithStorage()
      startApp(phone).writeJson('outbox', before)
      phone.killAfterWrites = killAt
      try {
        startApp(phone).writeJson('outbox', after)
      } catch {
        // killed
      }
      phone.killAfterWrites = null
      const storage = startApp(phone)
      const read = storage.readJson('outbox', null)
      expect([JSON.stringify(before), JSON.stringify(after)]).toContain(JSON.stringify(read))
      // The next write succeeds and leaves no stray shards behind.
      storage.writeJson('outbox', after)
      expect(startApp(phone).readJson('outbox', null)).toEqual(after)
      const shards = [...phone.storage.keys()].filter((key) => key.startsWith('outbox#'))
      const text = JSON.stringify(after)
      expect(shards.length).toBe(utf8ByteLength(text) > SHARD_MAX_BYTES ? splitByBytes(text, SHARD_MAX_BYTES).length : 0)
    }),
    { numRuns: 40 }
  )
})

test('a write that would pass the 10 MB budget is refused in Chinese and the stored value stays', () => {
  const phone = phoneWithStorage()
  const storage = startApp(phone)
  const chunk = 'x'.repeat(3 * 1024 * 1024)
  storage.writeJson('a', chunk)
  storage.writeJson('b', chunk)
  storage.writeJson('c', chunk)
  expect(() => storage.writeJson('d', chunk)).toThrow(storage.StorageFullError)
  expect(() => storage.writeJson('d', chunk)).toThrow(/存储空间不足/)
  expect(storage.readJson('d', null)).toBeNull()
  // Replacing a value counts only the difference.
  storage.writeJson('c', chunk + 'y')
  expect(storage.storageUsage().usedBytes).toBeLessThanOrEqual(storage.STORAGE_BUDGET_BYTES)
  // Usage is remembered across restarts.
  expect(startApp(phone).storageUsage().usedBytes).toBe(storage.storageUsage().usedBytes)
})

/** What Chromium counts against its 10 MiB a origin: UTF-16 of every key and of what Taro's H5 storage stores, `{"data":<value>}`. */
function chromiumBytes(storage: Map<string, string>): number {
  return [...storage]
    .filter(([key]) => key !== 'wuzha.storage.ledger')
    .reduce((sum, [key, value]) => sum + 2 * (key.length + JSON.stringify({ data: value }).length), 0)
}

test('on H5 the ledger counts what Chromium counts: UTF-16 of Taro’s wrapped values, shards and keys included', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), valueArb), { minLength: 1, maxLength: 4 }), (writes) => {
      const phone = phoneWithStorage()
      const storage = startApp(phone, 'h5')
      for (const [key, value] of writes) storage.writeJson(key, value)
      expect(storage.storageUsage().usedBytes).toBe(chromiumBytes(phone.storage))
      // The same values on wx count their UTF-8 bytes.
      const wx = phoneWithStorage()
      const wxStorage = startApp(wx, 'weapp')
      for (const [key, value] of writes) wxStorage.writeJson(key, value)
      const utf8 = [...wx.storage].filter(([key]) => key !== 'wuzha.storage.ledger').reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0)
      expect(wxStorage.storageUsage().usedBytes).toBe(utf8)
    }),
    { numRuns: 25 }
  )
})

test('on H5 a value that fits wx’s UTF-8 count but not Chromium’s UTF-16 one is refused before anything is written', () => {
  const chunk = 'x'.repeat(3 * 1024 * 1024)
  const wx = startApp(phoneWithStorage(), 'weapp')
  wx.writeJson('a', chunk)
  wx.writeJson('b', chunk)
  const phone = phoneWithStorage()
  const h5 = startApp(phone, 'h5')
  h5.writeJson('a', chunk)
  const before = new Map(phone.storage)
  expect(() => h5.writeJson('b', chunk)).toThrow(h5.StorageFullError)
  expect(phone.storage).toEqual(before)
  expect(h5.storageUsage().usedBytes).toBeLessThanOrEqual(h5.STORAGE_BUDGET_BYTES)
})
