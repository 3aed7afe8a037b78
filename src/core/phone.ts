/** Mainland mobile numbers as the API accepts them: spaces, dashes and +86/0086 are tolerated. */
const MOBILE_PATTERN = /^1[3-9]\d{9}$/

export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '')
  if (compact.startsWith('+86')) return compact.slice(3)
  if (compact.startsWith('0086')) return compact.slice(4)
  return compact
}

export function isValidPhone(raw: string): boolean {
  return MOBILE_PATTERN.test(normalizePhone(raw))
}

/** 13812341234 → 138****1234: the middle four digits never leave the server. */
export function maskPhone(phone: string): string {
  const normalized = normalizePhone(phone)
  if (normalized.length < 7) return '*'.repeat(normalized.length)
  return `${normalized.slice(0, 3)}${'*'.repeat(normalized.length - 7)}${normalized.slice(-4)}`
}
