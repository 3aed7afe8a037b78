import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { chunkSize, chunks } from '../../db/chunks'
import { countyCodeOf } from '../../../../src/core/regions'

/** One overwritten field: what it was and what replaced it, as JSON (numbers masked). */
export interface Overwrite {
  entity: 'household' | 'member' | 'visit'
  entityId: string
  /** Where the record was when the value was overwritten. */
  gridId: string
  villageCode: string
  field: string
  oldValue: unknown
  newValue: unknown
}

/** Who overwrote, with which mutation, when. */
export interface OverwriteSource {
  mutationId: string
  actorId: string
  at: string
}

/** Values a later change replaced, kept for review (DESIGN §4). Append-only. */
export class RecordHistoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The overwrites of several mutations, each with its source, in as few statements as the parameter limit allows. */
  async appendAll(entries: ReadonlyArray<{ overwrite: Overwrite; source: OverwriteSource }>): Promise<void> {
    const rows = entries.map(({ overwrite, source }) => ({
      entity: overwrite.entity,
      entity_id: overwrite.entityId,
      grid_id: overwrite.gridId,
      county_code: countyCodeOf(overwrite.villageCode),
      field: overwrite.field,
      old_value: JSON.stringify(overwrite.oldValue),
      new_value: JSON.stringify(overwrite.newValue ?? null),
      mutation_id: source.mutationId,
      actor_id: source.actorId,
      at: source.at
    }))
    for (const part of chunks(rows, chunkSize(10))) await this.db.insertInto('record_history').values(part).execute()
  }
}
