import { readConfig } from '../config'
import { existingDataKey } from '../crypto/fieldCipher'
import { restoreDatabase } from '../backup/backup'

/**
 * `npm run restore -- <file> [--force]`: puts a backup made by `npm run backup` in place of the database
 * the server would open, then checks it (audit chain, schema version, data key). Without --force it
 * restores only where there is no database yet; with it, it replaces one, but never while the server
 * (or anyone else) has it open. Exit 0 only when the restored database passed every check.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const force = args.includes('--force')
  const files = args.filter((arg) => arg !== '--force')
  if (files.length !== 1 || files[0].startsWith('-')) {
    console.error('用法：npm run restore -- <备份文件> [--force]（--force：覆盖已有数据库；须先停止服务）')
    process.exitCode = 2
    return
  }
  const config = readConfig(process.env)
  const report = await restoreDatabase(config, files[0], { force, dataKey: existingDataKey(config) })
  const head = report.audit.head ? `末条 ${report.audit.head.seq}:${report.audit.head.hash}` : '日志为空'
  console.log(`已从 ${files[0]} 恢复（${config.databaseUrl ? 'PostgreSQL' : `SQLite，${config.dataDir}`}）。审计日志完好：共 ${report.audit.rows} 条，${head}。`)
  if (report.pendingMigrations.length > 0) {
    console.log(`备份来自较早的版本，服务启动时将自动执行迁移：${report.pendingMigrations.join('、')}`)
  }
}

main().catch((error: unknown) => {
  console.error(`恢复失败：${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
