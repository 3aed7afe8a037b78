import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { DialectName } from '../../db/database'
import { chunkSize, chunks } from '../../db/chunks'
import { countyCodeOf } from '../../../../src/core/regions'

export type ChangedEntity = 'household' | 'member' | 'visit' | 'certification'

/** A change as a pulling device reads it, in server order. */
export interface LoggedChange {
  seq: number
  entity: string
  entityId: string
  op: string
}

/** One row of the change log: what changed, and in which grid, so a device can pull its grid. */
export interface Change {
  entity: ChangedEntity
  entityId: string
  gridId: string
  villageCode: string
  op: 'upsert' | 'delete'
}

/** Any fixed number: the key of the advisory lock that orders change_log writers on PostgreSQL. */
const CHANGE_LOG_LOCK_KEY = 7_283_001

export class ChangeLogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Serializes writers until the transaction ends. On PostgreSQL a bigserial value is taken before
   * commit, so without this a reader could see seq 11 committed while seq 10 is still in flight and
   * move its cursor past it for good. SQLite already has a single writer.
   */
  async lockForAppend(dialect: DialectName): Promise<void> {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_LOG_LOCK_KEY)})`.execute(this.db)
  }

  /** `mutationId` is null for a change that no mutation made (a resident's certification). */
  async append(changes: ReadonlyArray<Change>, mutationId: string | null, at: string): Promise<void> {
    await this.appendAll([{ changes, mutationId, at }])
  }

  /** The changes of several mutations in as few statements as the parameter limit allows, in the order given (= seq order). */
  async appendAll(entries: ReadonlyArray<{ changes: ReadonlyArray<Change>; mutationId: string | null; at: string }>): Promise<void> {
    const rows = entries.flatMap(({ changes, mutationId, at }) =>
      changes.map((change) => ({
        entity: change.entity,
        entity_id: change.entityId,
        grid_id: change.gridId,
        village_code: change.villageCode,
        county_code: countyCodeOf(change.villageCode),
        op: change.op,
        mutation_id: mutationId,
        at
      }))
    )
    for (const part of chunks(rows, chunkSize(8))) await this.db.insertInto('change_log').values(part).execute()
  }

  /**
   * A grid's changes after `since`, in server order. Writers commit in seq order (see lockForAppend),
   * so a reader that saw seq N has every change up to N and the cursor never skips one.
   */
  async pageOfGrid(gridId: string, since: number, limit: number): Promise<LoggedChange[]> {
    const rows = await this.db
      .selectFrom('change_log')
      .select(['seq', 'entity', 'entity_id', 'op'])
      .where('grid_id', '=', gridId)
      .where('seq', '>', since)
      .orderBy('seq')
      .limit(limit)
      .execute()
    return rows.map((row) => ({ seq: Number(row.seq), entity: row.entity, entityId: row.entity_id, op: row.op }))
  }

  /** The latest position of the log: the server's monotonic sync cursor (0 when empty). */
  async maxSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    return Number(row?.seq ?? 0)
  }
}
