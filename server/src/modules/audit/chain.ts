import crypto from 'node:crypto'
import type { AuditLogRow } from '../../db/schema'

/** The previous hash of the first row: the chain starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64)

/** The columns a row's hash covers: all of them but the hash itself. */
export type ChainedFields = Omit<AuditLogRow, 'hash'>

/**
 * A row as the hash reads it: a JSON array in a fixed column order, so the same row always gives the same
 * text on SQLite and PostgreSQL (details are stored as canonical JSON text and hashed as stored).
 */
export function canonicalRow(row: ChainedFields): string {
  return JSON.stringify([Number(row.seq), row.at, row.actor_id, row.actor_role, row.action, row.target, row.result, row.details])
}

/** hash = SHA-256(prev_hash + canonical row), hex. */
export function rowHash(row: ChainedFields): string {
  return crypto.createHash('sha256').update(row.prev_hash).update('\n').update(canonicalRow(row)).digest('hex')
}

/** JSON with object keys sorted at every level, so equal details always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])])
    )
  }
  return value
}

/** The first place where a chain of rows (in seq order) does not hold, or null. */
export function chainBreak(previous: Pick<AuditLogRow, 'seq' | 'hash'> | null, row: AuditLogRow): string | null {
  const expectedSeq = previous === null ? 1 : Number(previous.seq) + 1
  if (Number(row.seq) !== expectedSeq) {
    return expectedSeq === 1 ? `第一条记录的序号是 ${row.seq}，应为 1（前面的记录被删除）` : `序号 ${expectedSeq} 缺失（记录被删除），下一条是 ${row.seq}`
  }
  const expectedPrev = previous === null ? GENESIS_HASH : previous.hash
  if (row.prev_hash !== expectedPrev) return `第 ${row.seq} 条的前一哈希与第 ${expectedSeq - 1} 条的哈希不符（记录被删除、插入或改动）`
  if (rowHash(row) !== row.hash) return `第 ${row.seq} 条的内容与其哈希不符（记录被改动）`
  return null
}
