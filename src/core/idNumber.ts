/** Resident ID numbers (GB 11643-1999): 17 digits, then a check character over them (ISO 7064 MOD 11-2). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

export function idCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s/g, '').toUpperCase()
}

export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return false
  if (!isRealDate(id.slice(6, 14))) return false
  return idCheckCharacter(id.slice(0, 17)) === id[17]
}

/** 11010519491231002X → 1101**********002X (first four and last four characters only). */
export function maskIdNumber(idNumber: string): string {
  const id = normalizeIdNumber(idNumber)
  if (id.length <= 8) return '*'.repeat(id.length)
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}
