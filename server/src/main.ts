import { readConfig } from './config'
import { StartRefused } from './errors'
import { openDatabase } from './db/database'
import { migrateToLatest } from './db/migrator'
import { createFieldCipher, loadDataKey } from './crypto/fieldCipher'
import { MemberRepository } from './modules/households/memberRepository'
import { buildApp } from './app'
import { prepareDemo } from './demo/seedDemo'
import { formatDemoBanner } from './demo/banner'

/** Starts the server: configuration, database, migrations (and what they cannot fill), demo data when asked for, listen. */
async function main() {
  const config = readConfig(process.env)
  const database = openDatabase(config)
  await migrateToLatest(database.db, database.dialect)
  const cipher = createFieldCipher(loadDataKey(config))
  // Numbers stored before migration 006 become findable by a searched number (needs the data key).
  await new MemberRepository(database.db).fillPhoneMaskHashes(cipher)
  const demo = config.demo ? await prepareDemo({ config, database, cipher, log: console.log }) : null
  const app = await buildApp({ config, database, cipher }, { logger: { level: config.logLevel } })
  await app.listen({ port: config.port, host: '0.0.0.0' })
  if (demo) console.log(formatDemoBanner(demo, `http://localhost:${config.port}`))
  const shutdown = async () => {
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

main().catch((error) => {
  // A configuration or demo-mode refusal is a message for the operator, not a stack trace.
  console.error(error instanceof StartRefused ? error.message : error)
  process.exit(1)
})
