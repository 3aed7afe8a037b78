import Taro from '@tarojs/taro'

/**
 * JSON values in the platform's key-value storage (wx storage: 10 MB in all, 1 MB a key).
 * Writes are synchronous and throw when storage refuses them, so a caller never reports "saved"
 * for something that was not stored. This is the one seam for storage layout (e.g. sharding large
 * values over several keys).
 */
export function readJson<T>(key: string, fallback: T): T {
  const raw: unknown = Taro.getStorageSync(key)
  if (raw === '' || raw === undefined || raw === null) return fallback
  if (typeof raw !== 'string') return raw as T
  try {
    return JSON.parse(raw) as T
  } catch {
    return fallback
  }
}

export function writeJson(key: string, value: unknown): void {
  Taro.setStorageSync(key, JSON.stringify(value))
}

export function removeKey(key: string): void {
  Taro.removeStorageSync(key)
}
