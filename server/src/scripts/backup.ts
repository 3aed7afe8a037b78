import { readConfig } from '../config'
import { backupDatabase } from '../backup/backup'

/**
 * `npm run backup -- <file>`: copies the database the server would open (DATABASE_URL, or the SQLite
 * file in WUZHA_DATA_DIR) into <file>, safe while the server runs. The data key is not in the file:
 * keep WUZHA_DATA_KEY (or the data directory's data.key) apart from the backups, and with them.
 */
async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file || process.argv.length > 3) {
    console.error('用法：npm run backup -- <备份文件>，例如 -- /backup/wuzha-2026-12-01.sqlite（PostgreSQL 为 pg_dump -Fc 格式）')
    process.exitCode = 2
    return
  }
  const config = readConfig(process.env)
  const started = Date.now()
  await backupDatabase(config, file)
  console.log(
    `已备份到 ${file}（${config.databaseUrl ? 'PostgreSQL，pg_dump -Fc' : 'SQLite'}，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）。` +
      '备份不含数据密钥：请把 WUZHA_DATA_KEY（或数据目录中的 data.key）与备份分开妥善保存，没有它备份中的手机号等加密字段无法读取。'
  )
}

main().catch((error: unknown) => {
  console.error(`备份失败：${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
