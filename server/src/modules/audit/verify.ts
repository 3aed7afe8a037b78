import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { chainBreak } from './chain'

/** Rows read at a time: the whole log never sits in memory. */
const PAGE = 1000

export interface ChainHead {
  seq: number
  hash: string
}

export interface Verification {
  ok: boolean
  rows: number
  /** The last row: record it outside the database, and a later check with it as `anchor` also catches a cut-off tail. */
  head: ChainHead | null
  problem: string | null
}

/**
 * Walks the whole audit log in seq order and checks every link: seq 1, 2, 3… without gaps, each
 * prev_hash equal to the row before's hash, each hash equal to SHA-256 of prev_hash and the row. A
 * changed row fails its own hash; a deleted row leaves a gap; an inserted row (new seq or reused one)
 * breaks the next link. Removing rows from the end leaves a shorter valid chain, which only a head
 * recorded earlier (`anchor`) can reveal.
 */
export async function verifyAuditChain(db: Kysely<Database>, anchor: ChainHead | null = null): Promise<Verification> {
  let previous: { seq: number; hash: string } | null = null
  let rows = 0
  let anchorSeen = false
  for (;;) {
    const after: number = previous?.seq ?? 0
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE).execute()
    for (const row of page) {
      const problem = chainBreak(previous, row)
      if (problem) return { ok: false, rows, head: previous, problem }
      if (anchor && Number(row.seq) === anchor.seq) {
        if (row.hash !== anchor.hash) return { ok: false, rows, head: previous, problem: `第 ${anchor.seq} 条的哈希与记下的不符（记录被改写）` }
        anchorSeen = true
      }
      previous = { seq: Number(row.seq), hash: row.hash }
      rows += 1
    }
    if (page.length < PAGE) break
  }
  if (anchor && !anchorSeen) {
    return { ok: false, rows, head: previous, problem: `记下的第 ${anchor.seq} 条已不存在（末尾的记录被删除）` }
  }
  return { ok: true, rows, head: previous, problem: null }
}
