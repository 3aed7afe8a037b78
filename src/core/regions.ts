/**
 * Region codes are the national 统计用区划代码: the level follows from the length of the code
 * (2 province, 4 city, 6 county, 9 township, 12 village or community).
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village'

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'township',
  12: 'village'
}

const LENGTH_BY_LEVEL: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12
}

export const REGION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/

export function isRegionCode(code: string): boolean {
  return REGION_CODE_PATTERN.test(code)
}

export function regionLevel(code: string): RegionLevel {
  const level = LEVEL_BY_LENGTH[code.length]
  if (!level || !/^\d+$/.test(code)) throw new Error(`not a region code: ${code}`)
  return level
}

/** The code of the enclosing region one level up, or null for a province. */
export function parentRegionCode(code: string): string | null {
  const level = regionLevel(code)
  const order: RegionLevel[] = ['province', 'city', 'county', 'township', 'village']
  const index = order.indexOf(level)
  if (index === 0) return null
  return code.slice(0, LENGTH_BY_LEVEL[order[index - 1]])
}

/**
 * The county a county, township or village code lies in (its first 6 digits): the key a distributed
 * database shards every region's rows by (docs/architecture.md "Beyond one server"). A province or city
 * spans counties and has none.
 */
export function countyCodeOf(code: string): string {
  const level = regionLevel(code)
  if (level === 'province' || level === 'city') throw new Error(`a ${level} code lies in no one county: ${code}`)
  return code.slice(0, LENGTH_BY_LEVEL.county)
}

/** True when `code` is `scopeCode` itself or lies under it in the region tree. */
export function isWithinRegion(code: string, scopeCode: string): boolean {
  return code.length >= scopeCode.length && code.startsWith(scopeCode)
}

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县区',
  township: '乡镇街道',
  village: '村社区'
}
