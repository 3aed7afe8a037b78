/**
 * How a value is laid out in the platform's storage, as pure functions: what each platform counts
 * against its quota, and how a value too large for one key is cut into shards whose index lives under
 * the value's own key.
 */

/** What a platform counts of a stored value against its quota of `limitBytes` (keys included). */
export interface StorageQuota {
  limitBytes: number
  bytesOf(key: string, text: string): number
}

/** wx: 10 MB in all, counted in bytes of UTF-8 (a Chinese character is 3 bytes). */
export const WEAPP_QUOTA: StorageQuota = {
  limitBytes: 10 * 1024 * 1024,
  bytesOf: (key, text) => utf8ByteLength(key) + utf8ByteLength(text)
}

/**
 * H5: Chromium's localStorage holds 10 MiB per origin counted in UTF-16 (2 bytes a character, ASCII
 * too), keys included, and Taro's H5 storage writes each value as the JSON text `{"data":<value>}`: a
 * string value is stored with its quotes and backslashes escaped once more.
 */
export const H5_QUOTA: StorageQuota = {
  limitBytes: 10 * 1024 * 1024,
  bytesOf: (key, text) => 2 * (key.length + JSON.stringify({ data: text }).length)
}

/** Bytes the string takes in UTF-8. */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** Cuts `text` into pieces of at most `maxBytes` UTF-8 bytes each, never inside a character. */
export function splitByBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must hold any character (4 bytes)')
  const pieces: string[] = []
  let start = 0
  let bytes = 0
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i)
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))
    const width = pair ? 2 : 1
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3
    if (bytes + size > maxBytes) {
      pieces.push(text.slice(start, i))
      start = i
      bytes = 0
    }
    bytes += size
    i += width
  }
  pieces.push(text.slice(start))
  return pieces
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/**
 * A sharded value's index, stored under the value's key. It starts with a NUL character, which no
 * JSON text can, so an index is never mistaken for a value. `generation` names the shard keys, so new
 * shards never overwrite the ones the current index points at.
 */
export interface ShardIndex {
  generation: number
  count: number
}

const INDEX_PREFIX = '\u0000shards:'

export function encodeShardIndex(index: ShardIndex): string {
  return `${INDEX_PREFIX}${index.generation}:${index.count}`
}

export function decodeShardIndex(raw: unknown): ShardIndex | null {
  if (typeof raw !== 'string' || !raw.startsWith(INDEX_PREFIX)) return null
  const [generation, count] = raw.slice(INDEX_PREFIX.length).split(':').map(Number)
  return Number.isInteger(generation) && Number.isInteger(count) ? { generation, count } : null
}

export function shardKey(key: string, generation: number, index: number): string {
  return `${key}#${generation}.${index}`
}
