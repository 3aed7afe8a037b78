import { readConfig } from './config'
import { openDatabase } from './db/database'
import { migrateToLatest } from './db/migrator'
import { createFieldCipher, loadDataKey } from './crypto/fieldCipher'
import { MemberRepository } from './repositories/members'
import { buildApp } from './app'
import { prepareDemo } from './demo/seedDemo'
import { formatDemoBanner } from './demo/banner'

/** Starts the server: migrate, fill what migrations cannot, (demo) seed, listen. Everything else lives in buildApp. */
async function main() {
  const config = readConfig(process.env)
  const database = openDatabase(config)
  await migrateToLatest(database.db, database.dialect)
  const cipher = createFieldCipher(loadDataKey(config))
  // Numbers stored before migration 006 become findable by a searched number (needs the data key).
  await new MemberRepository(database.db).fillPhoneMaskHashes(cipher)
  const demo = config.demo ? await prepareDemo({ config, database, cipher, log: console.log }) : null
  const app = await buildApp({ config, database, cipher }, { logger: true })
  await app.listen({ port: config.port, host: '0.0.0.0' })
  if (demo) console.log(formatDemoBanner(demo, `http://localhost:${config.port}`))
  const shutdown = async () => {
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
