import { readConfig } from '../config'
import { openDatabase } from '../db/database'
import { verifyAuditChain, type ChainHead } from '../modules/audit/verify'

/**
 * `npm run audit:verify [-- <seq>:<hash>]`: checks the audit log's hash chain in the database the server
 * would open (DATABASE_URL, or the SQLite file in WUZHA_DATA_DIR). Exit 0 only when every link holds.
 * It prints the chain's head; passing a head printed earlier also catches rows cut off the end. Reads
 * only: it neither migrates nor writes.
 */
async function main(): Promise<void> {
  const anchor = parseAnchor(process.argv[2])
  if (anchor === 'invalid') {
    console.error('用法：npm run audit:verify [-- <序号>:<哈希>]，例如 -- 1024:3f5a…（上次校验时打印的末条）')
    process.exitCode = 2
    return
  }
  const config = readConfig(process.env)
  const database = openDatabase(config)
  try {
    const result = await verifyAuditChain(database.db, anchor)
    if (!result.ok) {
      console.error(`审计日志校验失败：${result.problem}（此前 ${result.rows} 条完好）`)
      process.exitCode = 1
      return
    }
    const head = result.head ? `末条 ${result.head.seq}:${result.head.hash}` : '日志为空'
    console.log(`审计日志完好：共 ${result.rows} 条，${head}。请把末条记在数据库之外，下次校验时传入，可发现末尾被删除的记录。`)
  } finally {
    await database.close()
  }
}

function parseAnchor(arg: string | undefined): ChainHead | null | 'invalid' {
  if (arg === undefined) return null
  const match = /^(\d+):([0-9a-f]{64})$/.exec(arg)
  return match ? { seq: Number(match[1]), hash: match[2] } : 'invalid'
}

main().catch((error: unknown) => {
  console.error(`审计日志校验出错：${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
