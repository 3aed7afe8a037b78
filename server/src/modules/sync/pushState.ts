import { sql, type Kysely } from 'kysely'
import type { CertificationRow, Database, GridRow, HouseholdRow, MemberRow, VisitRow } from '../../db/schema'
import type { MutationResult } from '../../../../src/core/mutations'
import { chunkSize, chunks } from '../../db/chunks'
import { memberFactsOf } from '../households/memberRepository'
import { contributionOf, moveTallies, type Contribution, type TalliedHousehold } from '../dashboard/villageTallies'
import type { Actor } from './appliers/context'
import { ChangeLogRepository, type Change } from './changeLogRepository'
import { MutationRepository, type MutationRecord } from './mutationRepository'
import { RecordHistoryRepository, type Overwrite, type OverwriteSource } from './recordHistoryRepository'

/** The records the mutations of a push name, by kind: what PushState.load reads. */
export interface NamedRecords {
  households: string[]
  members: string[]
  visits: string[]
  certifications: string[]
  grids: string[]
}

/** A mutation of the push as load sees it: its id, and the records it names (none when its payload was rejected). */
export interface PushedMutation {
  id: string
  named: Partial<NamedRecords>
}

/** The roster tables a push writes, with their rows: each keyed by `id`. */
interface Rows {
  households: HouseholdRow
  members: MemberRow
  visits: VisitRow
  certifications: CertificationRow
}
type Table = keyof Rows

/**
 * A push as a unit of work (issue #10 point 3). Everything its mutations can read is read at once, after
 * the change log's lock (load: the seen mutation ids; the named households and those reached through the
 * named members and certifications, each with whether the actor's scope covers it; all their members,
 * visits and certifications; the named visits, members and certifications wherever they are, and the
 * members of those certifications; the named grids the scope covers; the names of whoever deleted a
 * household). The appliers then read and change
 * these rows in memory, in order, so a mutation sees what the earlier ones of the push did; and the
 * writes go out at the end, one multi-row statement per table (flush).
 *
 * Each mutation runs in an in-memory savepoint (attempt): a rejection undoes whatever the mutation
 * changed here, so nothing of it reaches the database, and the database needs no savepoint of its own.
 * Every check that could make a flush statement fail (a taken id, a record outside the scope) is made
 * against these rows first, so a flush fails only on an error nobody expects, which rolls back the push.
 */
export class PushState {
  private readonly rows: { [T in Table]: Map<string, Rows[T]> } = {
    households: new Map(),
    members: new Map(),
    visits: new Map(),
    certifications: new Map()
  }
  private readonly dirty: { [T in Table]: Set<string> } = { households: new Set(), members: new Set(), visits: new Set(), certifications: new Set() }
  /** Households the actor's scope covers: as loaded, plus every one a mutation wrote (into a covered grid). */
  private readonly covered = new Set<string>()
  private readonly uploadChecks = new Map<string, string | null>()
  private readonly history: Array<{ overwrite: Overwrite; source: OverwriteSource }> = []
  private readonly records: MutationRecord[] = []
  private readonly logged: Array<{ changes: Change[]; mutationId: string; at: string }> = []
  /** Undo steps of the mutation being applied, newest last; null outside attempt. */
  private journal: Array<() => void> | null = null
  private tallyBefore: Contribution = contributionOf([])

  private constructor(
    private readonly seen: Map<string, MutationResult>,
    private readonly grids: Map<string, GridRow>,
    private readonly userNames: Map<string, string>
  ) {}

  /**
   * Reads what the push's mutations name (see the class comment), in at most 7 statements. A mutation id
   * the user sent before is answered from its record and applies nothing, so what it names is not read:
   * a push sent again (its answer lost) reads little more than its `mutations` rows.
   */
  static async load(db: Kysely<Database>, actor: Actor, mutations: ReadonlyArray<PushedMutation>): Promise<PushState> {
    const seen = await new MutationRepository(db).findResults(actor.userId, unique(mutations.map((mutation) => mutation.id)))
    const named = namedBy(mutations.filter((mutation) => !seen.has(mutation.id)))
    const grids = await visibleGrids(db, actor, unique(named.grids))
    const households = await householdsNamed(db, actor, named)
    const householdIds = households.map((row) => row.id)
    const certifications = await certificationsOf(db, householdIds, unique(named.certifications))
    // A certification's member may have moved to another household since: read too, to tell whether they are deleted.
    const members = await rowsOf(db, 'members', householdIds, unique(named.members.concat(certifications.map((row) => row.member_id))))
    const visits = await rowsOf(db, 'visits', householdIds, unique(named.visits))
    const deleters = unique(households.flatMap((row) => (row.deleted_by ? [row.deleted_by] : [])).concat(actor.userId))
    const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', deleters).execute()

    const state = new PushState(seen, new Map(grids.map((grid) => [grid.id, grid])), new Map(users.map((user) => [user.id, user.name])))
    for (const { covered, ...row } of households) {
      state.rows.households.set(row.id, row)
      if (Number(covered) === 1) state.covered.add(row.id)
    }
    for (const row of members) state.rows.members.set(row.id, row)
    for (const row of visits) state.rows.visits.set(row.id, row)
    for (const { upload_check, ...row } of certifications) {
      state.rows.certifications.set(row.id, row)
      state.uploadChecks.set(row.id, upload_check)
    }
    state.tallyBefore = contributionOf(state.talliedHouseholds())
    return state
  }

  // Reads, as of the mutations applied so far.

  /** The first result of a mutation id this user sent before (in an earlier push or earlier in this one). */
  seenResult(mutationId: string): MutationResult | undefined {
    return this.seen.get(mutationId)
  }

  /** Any household with this id, in the scope or not: an id is taken wherever it is. */
  household(id: string): HouseholdRow | undefined {
    return this.rows.households.get(id)
  }

  /** A household the actor's scope covers, deleted or not. */
  householdInScope(id: string): HouseholdRow | undefined {
    return this.covered.has(id) ? this.rows.households.get(id) : undefined
  }

  member(id: string): MemberRow | undefined {
    return this.rows.members.get(id)
  }

  liveMembersOf(householdId: string): MemberRow[] {
    return [...this.rows.members.values()].filter((row) => row.household_id === householdId && !row.deleted_at)
  }

  visit(id: string): VisitRow | undefined {
    return this.rows.visits.get(id)
  }

  visitsOf(householdId: string): VisitRow[] {
    return [...this.rows.visits.values()].filter((row) => row.household_id === householdId)
  }

  certification(id: string): CertificationRow | undefined {
    return this.rows.certifications.get(id)
  }

  /** A household's certifications of members not deleted, newest first (as the household page lists them). */
  certificationsOf(householdId: string): CertificationRow[] {
    return [...this.rows.certifications.values()]
      .filter((row) => row.household_id === householdId && this.rows.members.get(row.member_id)?.deleted_at === null)
      .sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? 1 : -1))
  }

  /** The content check of a certification's screenshot, null without one (or when the upload is gone). */
  uploadCheckOf(certificationId: string): string | null {
    return this.uploadChecks.get(certificationId) ?? null
  }

  /** A grid the actor's scope covers. */
  visibleGrid(id: string): GridRow | undefined {
    return this.grids.get(id)
  }

  /** A user's name, disabled users included; only the deleters of households and the actor are known. */
  userName(id: string): string | null {
    return this.userNames.get(id) ?? null
  }

  // Writes, kept in memory until flush.

  /**
   * Runs one mutation's applier as in a savepoint: whatever it wrote is undone when it throws, and the
   * error goes on (a rejection to be recorded, or anything else to roll back the push).
   */
  attempt<T>(apply: () => T): T {
    const journal: Array<() => void> = []
    const historyLength = this.history.length
    this.journal = journal
    try {
      return apply()
    } catch (error) {
      for (const undo of journal.reverse()) undo()
      this.history.length = historyLength
      throw error
    } finally {
      this.journal = null
    }
  }

  /** A new or changed row. Households are only written into covered grids (every applier checks the grid). */
  put<T extends Table>(table: T, row: Rows[T]): void {
    const rows = this.rows[table] as Map<string, Rows[T]>
    const previous = rows.get(row.id)
    const wasDirty = this.dirty[table].has(row.id)
    const wasCovered = this.covered.has(row.id)
    this.journaled(() => {
      if (previous) rows.set(row.id, previous)
      else rows.delete(row.id)
      if (!wasDirty) this.dirty[table].delete(row.id)
      if (table === 'households' && !wasCovered) this.covered.delete(row.id)
    })
    rows.set(row.id, row)
    this.dirty[table].add(row.id)
    if (table === 'households') this.covered.add(row.id)
  }

  recordOverwrites(overwrites: ReadonlyArray<Overwrite>, source: OverwriteSource): void {
    this.journaled(() => {})
    for (const overwrite of overwrites) this.history.push({ overwrite, source })
  }

  /** A mutation's result (applied or rejected) and the changes it made: its `mutations` and `change_log` rows. */
  recordResult(record: MutationRecord, changes: Change[]): void {
    this.seen.set(record.id, record.result)
    this.records.push(record)
    this.logged.push({ changes, mutationId: record.id, at: record.receivedAt })
  }

  private journaled(undo: () => void): void {
    if (!this.journal) throw new Error('a push writes only inside attempt')
    this.journal.push(undo)
  }

  /**
   * Writes everything, one statement per table (more only past the parameter limit), in dependency order:
   * the roster rows (as whole rows: an upsert by id inserts the new and updates the changed alike), the
   * records' history, the tallies' difference, the mutation records, the change log.
   */
  async flush(db: Kysely<Database>): Promise<void> {
    for (const table of ['households', 'members', 'visits', 'certifications'] as const) {
      await upsertRows(db, table, [...this.dirty[table]].map((id) => this.rows[table].get(id)!))
    }
    await new RecordHistoryRepository(db).appendAll(this.history)
    await moveTallies(db, this.tallyBefore, contributionOf(this.talliedHouseholds()))
    await new MutationRepository(db).insertAll(this.records)
    await new ChangeLogRepository(db).appendAll(this.logged)
  }

  /** Every live household held, with its live members and its visits: before any mutation, what the tallies count of them. */
  private talliedHouseholds(): TalliedHousehold[] {
    const byHousehold = new Map<string, { village: string; members: TalliedHousehold['members'][number][]; visitAts: string[] }>()
    for (const row of this.rows.households.values()) {
      if (!row.deleted_at) byHousehold.set(row.id, { village: row.village_code, members: [], visitAts: [] })
    }
    for (const row of this.rows.members.values()) {
      if (!row.deleted_at) byHousehold.get(row.household_id)?.members.push(memberFactsOf(row))
    }
    for (const row of this.rows.visits.values()) byHousehold.get(row.household_id)?.visitAts.push(row.at)
    return [...byHousehold.values()]
  }
}

/** Everything these mutations name, by kind. */
function namedBy(mutations: ReadonlyArray<PushedMutation>): NamedRecords {
  const named: NamedRecords = { households: [], members: [], visits: [], certifications: [], grids: [] }
  for (const mutation of mutations) {
    for (const [kind, ids] of Object.entries(mutation.named) as Array<[keyof NamedRecords, string[]]>) named[kind].push(...ids)
  }
  return named
}

function unique(ids: ReadonlyArray<string>): string[] {
  return [...new Set(ids)]
}

function visibleGrids(db: Kysely<Database>, actor: Actor, ids: string[]): Promise<GridRow[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('grids as g')
    .selectAll('g')
    .where('g.id', 'in', ids)
    .where((eb) => actor.scope.gridCondition(eb, 'g.id', 'g.village_code'))
    .execute()
}

/**
 * The households named, and those the named members and certifications are in (a member's current
 * household and a certification's own), wherever they are: each with whether the scope covers it.
 */
async function householdsNamed(db: Kysely<Database>, actor: Actor, named: NamedRecords): Promise<Array<HouseholdRow & { covered: unknown }>> {
  const query = householdsNamedQuery(db, actor, named)
  return query ? query.execute() : []
}

/**
 * The statement of householdsNamed, or null when nothing is named. The ids are gathered by a UNION of
 * look-ups by key and the households read by `id IN (that)`: with the same look-ups OR'ed in the WHERE,
 * PostgreSQL has no index path for `id IN (subquery)` inside an OR and scanned every household (360 ms on
 * the city's 1.3 million, for every push naming a member).
 */
function householdsNamedQuery(db: Kysely<Database>, actor: Actor, named: NamedRecords) {
  const { households, members, certifications } = { households: unique(named.households), members: unique(named.members), certifications: unique(named.certifications) }
  const lookups = [
    ...(households.length > 0 ? [db.selectFrom('households').select('id').where('id', 'in', households)] : []),
    ...(members.length > 0 ? [db.selectFrom('members').select('household_id as id').where('id', 'in', members)] : []),
    ...(certifications.length > 0
      ? [
          db.selectFrom('certifications').select('household_id as id').where('id', 'in', certifications),
          db
            .selectFrom('members')
            .select('household_id as id')
            .where('id', 'in', db.selectFrom('certifications').select('member_id').where('id', 'in', certifications))
        ]
      : [])
  ]
  if (lookups.length === 0) return null
  const ids = lookups.slice(1).reduce((union, lookup) => union.union(lookup), lookups[0])
  return db
    .selectFrom('households as h')
    .selectAll('h')
    .select((eb) => eb.case().when(actor.scope.gridCondition(eb, 'h.grid_id', 'h.village_code')).then(1).else(0).end().as('covered'))
    .where('h.id', 'in', ids)
}

/** The members or visits of these households, and those with these ids wherever they are (an id is taken anywhere). */
async function rowsOf<T extends 'members' | 'visits'>(db: Kysely<Database>, table: T, householdIds: string[], ids: string[]): Promise<Array<Rows[T]>> {
  if (householdIds.length + ids.length === 0) return []
  const rows = await (db)
    .selectFrom(table as 'members')
    .selectAll()
    .where((eb) => eb.or([...(householdIds.length > 0 ? [eb('household_id', 'in', householdIds)] : []), ...(ids.length > 0 ? [eb('id', 'in', ids)] : [])]))
    .execute()
  return rows as unknown as Array<Rows[T]>
}

/** The certifications of these households and those with these ids, with their screenshot's content check. */
function certificationsOf(db: Kysely<Database>, householdIds: string[], ids: string[]): Promise<Array<CertificationRow & { upload_check: string | null }>> {
  if (householdIds.length + ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('certifications as c')
    .leftJoin('uploads as u', 'u.id', 'c.upload_id')
    .selectAll('c')
    .select('u.check_state as upload_check')
    .where((eb) => eb.or([...(householdIds.length > 0 ? [eb('c.household_id', 'in', householdIds)] : []), ...(ids.length > 0 ? [eb('c.id', 'in', ids)] : [])]))
    .execute()
}

/** Whole rows by key: inserts the new ones and overwrites the changed ones with what the push made of them. */
async function upsertRows<T extends Table>(db: Kysely<Database>, table: T, rows: ReadonlyArray<Rows[T]>): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]) as Array<keyof Rows[T] & string>
  const values = rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])))
  // The key stays: a row never changes county (Citus cannot move a row by its distribution column).
  const overwrite = Object.fromEntries(columns.filter((column) => column !== 'id' && column !== 'county_code').map((column) => [column, sql.ref(`excluded.${column}`)]))
  for (const part of chunks(values, chunkSize(columns.length))) {
    await db
      .insertInto(table as 'members')
      .values(part as never)
      .onConflict((oc) => oc.columns(['id', 'county_code']).doUpdateSet(overwrite))
      .execute()
  }
}
