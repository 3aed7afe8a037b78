import { readConfig } from '../config'
import { openDatabase } from '../db/database'
import { migrateToLatest } from '../db/migrator'
import { importRegions } from '../regions/importRegions'

/**
 * `npm run regions:import -- 1410`: imports a city's regions into the database the server would open
 * (DATABASE_URL, or the SQLite file in WUZHA_DATA_DIR). Safe to run again: names are updated in place.
 */
async function main(): Promise<void> {
  const cityCode = process.argv[2]
  if (!cityCode || !/^\d{4}$/.test(cityCode)) {
    console.error('用法：npm run regions:import -- <4位城市代码>，例如 1410（临汾市）')
    process.exitCode = 2
    return
  }
  const config = readConfig(process.env)
  const database = openDatabase(config)
  try {
    await migrateToLatest(database.db, database.dialect)
    const counts = await importRegions(database.db, cityCode)
    console.log(
      `已导入${counts.cityName}（${cityCode}）：县区 ${counts.counties} 个，乡镇街道 ${counts.townships} 个，` +
        `村社区 ${counts.villages} 个（数据库：${database.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}）`
    )
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(`导入失败：${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
