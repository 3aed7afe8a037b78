import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../schema'
import type { DialectName } from '../database'
import { rebuildVillageTallies } from '../../modules/dashboard/villageTallies'

/**
 * Keys for a distributed PostgreSQL (issue #10 point 10, docs/architecture.md "Beyond one server"): every
 * table that holds a county's rows gets a `county_code` (the first 6 digits of its village's code), written
 * by the write path from now on, and its primary key gains it — Citus requires the distribution column in
 * every unique key. The existing key stays first, so look-ups by id use the same index as before.
 *
 * Where the county is in the row itself (a village or region code), a CHECK holds the two together.
 * SQLite's `integer primary key autoincrement` (change_log's cursor, record history) is the rowid and
 * cannot take a second column; there the key stays, as a single file is never distributed.
 */
interface Rekeyed {
  table: string
  /** The primary key before this migration, in order. */
  key: string[]
  /** The county of an existing row, in SQL over the table's own columns. */
  county: RawBuilder<string>
  /** The column the county is the first 6 digits of, when the row has one. */
  derivedFrom?: string
}

const ofColumn = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 6)`
const ofHousehold = (table: string) =>
  sql<string>`(select substr(h.village_code, 1, 6) from households h where h.id = ${sql.ref(`${table}.household_id`)})`

const REKEYED: Rekeyed[] = [
  { table: 'households', key: ['id'], county: ofColumn('village_code'), derivedFrom: 'village_code' },
  { table: 'members', key: ['id'], county: ofHousehold('members') },
  { table: 'visits', key: ['id'], county: ofHousehold('visits') },
  { table: 'invites', key: ['token_hash'], county: ofHousehold('invites') },
  { table: 'certifications', key: ['id'], county: ofHousehold('certifications') },
  // Only grid workers and village admins push: their scope is a village.
  {
    table: 'mutations',
    key: ['user_id', 'id'],
    county: sql<string>`(select substr(u.scope_region_code, 1, 6) from users u where u.id = mutations.user_id)`
  },
  { table: 'change_log', key: ['seq'], county: ofColumn('village_code'), derivedFrom: 'village_code' },
  {
    table: 'record_history',
    key: ['id'],
    county: sql<string>`(select substr(g.village_code, 1, 6) from grids g where g.id = record_history.grid_id)`
  },
  { table: 'cases', key: ['id'], county: ofColumn('village_code'), derivedFrom: 'village_code' },
  { table: 'activities', key: ['id'], county: ofColumn('region_code'), derivedFrom: 'region_code' },
  { table: 'village_facts', key: ['village_code'], county: ofColumn('village_code'), derivedFrom: 'village_code' },
  { table: 'village_daily', key: ['village_code', 'day'], county: ofColumn('village_code'), derivedFrom: 'village_code' },
  { table: 'village_tallies', key: ['village_code', 'quarter'], county: ofColumn('village_code'), derivedFrom: 'village_code' },
  {
    table: 'village_birth_year_tallies',
    key: ['quarter', 'birth_year', 'village_code'],
    county: ofColumn('village_code'),
    derivedFrom: 'village_code'
  }
]

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const rekeyed of REKEYED) {
    if (dialect === 'postgres') await rekeyPostgres(db, rekeyed)
    else await rekeySqlite(db, rekeyed)
  }
  // Tallies are counts the write path keeps: recounted rather than trusted across a change of keys.
  await rebuildVillageTallies(db as Kysely<Database>, dialect)
}

/** The CHECK holding the county to the row's own village or region code. */
const countyCheck = (table: string, derivedFrom: string) =>
  sql`constraint ${sql.id(`${table}_county_code_check`)} check (county_code = substr(${sql.ref(derivedFrom)}, 1, 6))`

async function rekeyPostgres(db: Kysely<any>, rekeyed: Rekeyed): Promise<void> {
  const table = sql.table(rekeyed.table)
  await sql`alter table ${table} add column county_code text`.execute(db)
  await sql`update ${table} set county_code = ${rekeyed.county}`.execute(db)
  await sql`alter table ${table} alter column county_code set not null`.execute(db)
  if (rekeyed.derivedFrom !== undefined) await sql`alter table ${table} add ${countyCheck(rekeyed.table, rekeyed.derivedFrom)}`.execute(db)
  const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint
    where conrelid = ${rekeyed.table}::regclass and contype = 'p'`.execute(db)
  await sql`alter table ${table} drop constraint ${sql.id(rows[0].name)}`.execute(db)
  const key = [...rekeyed.key, 'county_code'].map((c) => sql.ref(c))
  await sql`alter table ${table} add constraint ${sql.id(`${rekeyed.table}_pkey`)} primary key (${sql.join(key)})`.execute(db)
}

interface SqliteColumn {
  name: string
  type: string
  notnull: number
  dflt_value: string | null
}

/** SQLite cannot change a key in place: the table is made again from its own columns, copied and renamed. */
async function rekeySqlite(db: Kysely<any>, rekeyed: Rekeyed): Promise<void> {
  const name = rekeyed.table
  const [{ ddl }] = (await sql<{ ddl: string }>`select sql as ddl from sqlite_master where type = 'table' and name = ${name}`.execute(db)).rows
  const { rows: indexes } = await sql<{ ddl: string }>`select sql as ddl from sqlite_master
    where type = 'index' and tbl_name = ${name} and sql is not null`.execute(db)
  const { rows: columns } = await sql<SqliteColumn>`select name, type, "notnull", dflt_value from pragma_table_info(${name})`.execute(db)
  const rowidKey = /autoincrement/i.test(ddl)
  const definitions = columns.map((c) => {
    if (rowidKey && rekeyed.key.includes(c.name)) return sql`${sql.ref(c.name)} integer primary key autoincrement`
    const notNull = c.notnull ? sql` not null` : sql``
    const fallback = c.dflt_value === null ? sql`` : sql` default ${sql.raw(c.dflt_value)}`
    return sql`${sql.ref(c.name)} ${sql.raw(c.type)}${notNull}${fallback}`
  })
  const key = rowidKey ? sql`` : sql`, primary key (${sql.join([...rekeyed.key, 'county_code'].map((c) => sql.ref(c)))})`
  const staged = `${name}__rekeyed`
  const sequence = rowidKey ? await sqliteSequence(db, name) : null
  const check = rekeyed.derivedFrom === undefined ? sql`` : sql`, ${countyCheck(rekeyed.table, rekeyed.derivedFrom)}`
  await sql`create table ${sql.table(staged)} (${sql.join(definitions)}, county_code text not null${check}${key})`.execute(db)
  const copied = sql.join(columns.map((c) => sql.ref(c.name)))
  await sql`insert into ${sql.table(staged)} (${copied}, county_code) select ${copied}, ${rekeyed.county} from ${sql.table(name)}`.execute(db)
  await sql`drop table ${sql.table(name)}`.execute(db)
  await sql`alter table ${sql.table(staged)} rename to ${sql.table(name)}`.execute(db)
  for (const index of indexes) await sql.raw(index.ddl).execute(db)
  // A cursor must never see a number again: the counter continues past rows deleted before the copy.
  if (sequence === null) return
  await sql`update sqlite_sequence set seq = max(seq, ${sequence}) where name = ${name}`.execute(db)
  await sql`insert into sqlite_sequence (name, seq) select ${name}, ${sequence}
    where not exists (select 1 from sqlite_sequence where name = ${name})`.execute(db)
}

async function sqliteSequence(db: Kysely<any>, table: string): Promise<number | null> {
  const { rows } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db)
  return rows[0]?.seq ?? null
}
