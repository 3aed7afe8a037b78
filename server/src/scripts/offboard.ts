import { readConfig } from '../config'
import { openDatabase } from '../db/database'
import { createFieldCipher, existingDataKey } from '../crypto/fieldCipher'
import { offboardRegion } from '../backup/offboard'

/**
 * `npm run offboard -- <region code> <out.xlsx>`: when a county's, township's or village's contract
 * ends, writes its records to <out.xlsx> for the contracting government and then deletes them from
 * the database the server would open, in one audited transaction (`region.offboard`). Make a backup
 * first (`npm run backup`): the deletion cannot be undone otherwise.
 */
async function main(): Promise<void> {
  const [regionCode, out, ...rest] = process.argv.slice(2)
  if (!regionCode || !out || rest.length > 0 || !out.endsWith('.xlsx')) {
    console.error('用法：npm run offboard -- <区划代码> <导出文件.xlsx>，例如 -- 141002102 /secure/县底镇移交.xlsx（县区、乡镇街道或村社区）')
    process.exitCode = 2
    return
  }
  const config = readConfig(process.env)
  const key = existingDataKey(config)
  const database = openDatabase(config)
  try {
    const report = await offboardRegion(
      { db: database.db, dialect: database.dialect, cipher: key ? createFieldCipher(key) : null, dataDir: config.dataDir, now: () => new Date() },
      regionCode,
      out
    )
    const e = report.exported
    const deleted = Object.entries(report.deleted)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table} ${n}`)
      .join('，')
    console.log(
      `已导出${report.region.name}（${report.region.code}）到 ${out}：住户 ${e.households} 户，成员 ${e.members} 人，走访 ${e.visits} 条，案件 ${e.cases} 条，活动 ${e.activities} 条。\n` +
        `已删除：${deleted || '无'}。文件 SHA-256（base64，可用 openssl dgst -sha256 -binary 文件 | base64 核对）${report.workbookSha256}，已记入审计日志 region.offboard。\n` +
        '文件含姓名和手机号：请通过安全渠道移交，移交后删除服务器上的这份文件。'
    )
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(`注销失败：${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
