import { readConfig } from '../config'
import { openDatabase } from '../db/database'
import { migrateToLatest } from '../db/migrator'
import { rebuildVillageTallies } from '../modules/dashboard/villageTallies'

/**
 * `npm run tallies:rebuild`: recounts the dashboards' tallies (village_tallies, village_birth_year_tallies)
 * from the roster in the database the server would open (DATABASE_URL, or the SQLite file in
 * WUZHA_DATA_DIR), in one transaction. The write path keeps them; this is for after a restore, a bulk
 * load that bypassed the API, or a change of TALLY_BASE_YEAR.
 */
async function main(): Promise<void> {
  const config = readConfig(process.env)
  const database = openDatabase(config)
  try {
    await migrateToLatest(database.db, database.dialect)
    const started = Date.now()
    await rebuildVillageTallies(database.db, database.dialect)
    console.log(`看板统计已按户籍数据重新计算，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
