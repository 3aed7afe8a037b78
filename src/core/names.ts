/**
 * Masks a personal name for anyone who does not need it in full: 张三 → 张*, 张小明 → 张*明,
 * 欧阳小明 → 欧**明. Works on code points, so characters outside the BMP count once.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
