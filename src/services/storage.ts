import Taro from '@tarojs/taro'
import {
  decodeShardIndex,
  encodeShardIndex,
  H5_QUOTA,
  shardKey,
  splitByBytes,
  utf8ByteLength,
  WEAPP_QUOTA,
  type ShardIndex
} from './storageLayout'

/**
 * JSON values in the platform's key-value storage, within its limits (DESIGN.md §4: wx storage holds
 * 10 MB in all and 1 MB a key; Chromium's localStorage 10 MiB of UTF-16 per origin). Writes are
 * synchronous and throw when the value cannot be stored, so a caller never reports "saved" for
 * something that was not stored.
 *
 * - A value larger than one key allows is cut into shards (`key#<generation>.<n>`) and `key` holds
 *   their index. A write stores the new shards first, then the index, then removes the old shards:
 *   until the index is written the old value is whole, so an app killed mid-write loses nothing.
 * - The bytes of every value written here (its keys, shards and index) are counted in a ledger as the
 *   platform counts them against its quota (UTF-8 on wx, UTF-16 of Taro's wrapping on H5), and a write
 *   that would take the total past the budget is refused with StorageFullError before anything is
 *   written. Both quotas are 10 MiB, so one budget figure serves both; what fills it differs (the
 *   same ASCII text counts twice on H5).
 */

/** Below wx's 1 MB a key, with room for the key and the platform's own bookkeeping. */
export const SHARD_MAX_BYTES = 960 * 1024
const QUOTA = process.env.TARO_ENV === 'h5' ? H5_QUOTA : WEAPP_QUOTA
/** Below the platform's 10 MiB, leaving room for what is not written through here. */
export const STORAGE_BUDGET_BYTES = QUOTA.limitBytes - 512 * 1024

const LEDGER_KEY = 'wuzha.storage.ledger'

export class StorageFullError extends Error {
  constructor(readonly neededBytes: number, readonly freeBytes: number) {
    super('手机存储空间不足：本应用可用的 10 MB 即将用完，这次修改没有保存。请先联网同步后再试')
    this.name = 'StorageFullError'
  }
}

let ledger: Record<string, number> | null = null

function sizes(): Record<string, number> {
  if (!ledger) {
    const raw: unknown = Taro.getStorageSync(LEDGER_KEY)
    ledger = typeof raw === 'string' && raw ? safeParse<Record<string, number>>(raw, {}) : {}
  }
  return ledger
}

/** Bytes used by the values written through this module (keys included). */
export function storageUsage(): { usedBytes: number; budgetBytes: number } {
  const usedBytes = Object.values(sizes()).reduce((sum, bytes) => sum + bytes, 0)
  return { usedBytes, budgetBytes: STORAGE_BUDGET_BYTES }
}

export function readJson<T>(key: string, fallback: T): T {
  const raw: unknown = Taro.getStorageSync(key)
  if (raw === '' || raw === undefined || raw === null) return fallback
  if (typeof raw !== 'string') return raw as T
  const index = decodeShardIndex(raw)
  if (!index) return safeParse(raw, fallback)
  const text = readShards(key, index)
  return text === null ? fallback : safeParse(text, fallback)
}

export function writeJson(key: string, value: unknown): void {
  const previous = decodeShardIndex(Taro.getStorageSync(key))
  const entries = layout(key, JSON.stringify(value), previous)
  const bytes = entries.reduce((sum, [entryKey, text]) => sum + QUOTA.bytesOf(entryKey, text), 0)
  const current = sizes()
  const { usedBytes } = storageUsage()
  const after = usedBytes - (current[key] ?? 0) + bytes
  if (after > STORAGE_BUDGET_BYTES) throw new StorageFullError(bytes, STORAGE_BUDGET_BYTES - usedBytes)

  // The shards first, the index (or the whole value) last.
  for (const [entryKey, text] of entries) Taro.setStorageSync(entryKey, text)
  const written = decodeShardIndex(entries[entries.length - 1][1])
  if (written) removeShards(key, written, written.count)
  // From here on the new value is stored: tidying up must not make the write look failed.
  if (previous) removeShards(key, previous, 0)
  removeStrayShards(key)
  record(key, bytes)
}

/**
 * The keys and texts that store `text` under `key`, in the order they are written: the text itself
 * when it fits one key; otherwise its shards under a generation the current index does not use, then
 * their index.
 */
function layout(key: string, text: string, previous: ShardIndex | null): Array<[string, string]> {
  if (utf8ByteLength(text) <= SHARD_MAX_BYTES) return [[key, text]]
  const shards = splitByBytes(text, SHARD_MAX_BYTES)
  const next: ShardIndex = { generation: (previous?.generation ?? 0) + 1, count: shards.length }
  return [...shards.map((shard, n): [string, string] => [shardKey(key, next.generation, n), shard]), [key, encodeShardIndex(next)]]
}

export function removeKey(key: string): void {
  const previous = decodeShardIndex(Taro.getStorageSync(key))
  Taro.removeStorageSync(key)
  if (previous) removeShards(key, previous, 0)
  // Shards of a write cut off (by the app killed, or by the platform's quota) go too.
  removeStrayShards(key)
  record(key, 0)
}

/**
 * The key of a value that belongs to one person. Several workers can share a phone: each one's outbox
 * and copy of the grid are kept under their own user id, so nobody sends, sees or counts another's
 * changes. `name` is what the key was called before keys were per user (`outbox.pending`).
 */
export function userKey(userId: string, name: string): string {
  return `wuzha.user.${userId}.${name}`
}

/**
 * Moves a value stored before keys were per user (`wuzha.<name>`) to the user's own key, so a phone
 * updated while someone was signed in keeps what that person had. Does nothing once moved, or when
 * the user's key already holds a value. The move does not count against the budget twice; a phone too
 * full even for that keeps the old key, and the next start tries again.
 */
export function adoptLegacyKey(userId: string, name: string): void {
  const legacy = `wuzha.${name}`
  const target = userKey(userId, name)
  if (isMissing(Taro.getStorageSync(legacy)) || !isMissing(Taro.getStorageSync(target))) return
  const value = readJson<unknown>(legacy, null)
  const current = sizes()
  const legacyBytes = current[legacy]
  delete current[legacy]
  try {
    writeJson(target, value)
  } catch {
    if (legacyBytes !== undefined) current[legacy] = legacyBytes
    return
  }
  removeKey(legacy)
}

function readShards(key: string, index: ShardIndex): string | null {
  const parts: string[] = []
  for (let n = 0; n < index.count; n++) {
    const part: unknown = Taro.getStorageSync(shardKey(key, index.generation, n))
    if (typeof part !== 'string') return null
    parts.push(part)
  }
  return parts.join('')
}

/**
 * Removes a generation's shards from `from` on, including any that an interrupted write left beyond
 * the index's count.
 */
function removeShards(key: string, index: ShardIndex, from: number): void {
  try {
    for (let n = from; n < index.count || !isMissing(Taro.getStorageSync(shardKey(key, index.generation, n))); n++) {
      Taro.removeStorageSync(shardKey(key, index.generation, n))
    }
  } catch {
    // Left-over shards only cost space; the next write of this key removes them.
  }
}

/**
 * Shards no index points at: left by an app killed between writing a value and removing what it
 * replaced. Found through the list of keys where the platform gives one.
 */
function removeStrayShards(key: string): void {
  try {
    const keys: string[] = Taro.getStorageInfoSync?.()?.keys ?? []
    const current = decodeShardIndex(Taro.getStorageSync(key))
    const live = current ? `${key}#${current.generation}.` : null
    for (const candidate of keys) {
      if (candidate.startsWith(`${key}#`) && !(live && candidate.startsWith(live))) Taro.removeStorageSync(candidate)
    }
  } catch {
    // As above: only space is at stake.
  }
}

function record(key: string, bytes: number): void {
  const current = sizes()
  if (bytes === 0) delete current[key]
  else current[key] = bytes
  try {
    Taro.setStorageSync(LEDGER_KEY, JSON.stringify(current))
  } catch {
    // The ledger is an estimate kept in memory too; losing one update does not lose data.
  }
}

function isMissing(value: unknown): boolean {
  return value === '' || value === undefined || value === null
}

function safeParse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}
