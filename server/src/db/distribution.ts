import type { Database } from './schema'

/**
 * Where each table would live on a distributed PostgreSQL (Citus) carrying a province, distributed by
 * county code (docs/architecture.md "Beyond one server"):
 * - `distributed`: a county's rows on one node. Each has a `county_code` column written by the write path,
 *   and its primary key includes it — Citus requires the distribution column in every unique key.
 * - `reference`: small, read everywhere, copied to every node.
 * - `local`: on the coordinator: small tables looked up by key (a token, a user) before the county is known.
 * A table missing here fails the type check, and test/server/countyKeys.test.ts holds the database's
 * catalogue to this map, so a new table has to take a place.
 */
export type TablePlacement = 'distributed' | 'reference' | 'local'

export const TABLE_PLACEMENT: Record<keyof Database, TablePlacement> = {
  households: 'distributed',
  members: 'distributed',
  visits: 'distributed',
  mutations: 'distributed',
  change_log: 'distributed',
  record_history: 'distributed',
  invites: 'distributed',
  certifications: 'distributed',
  cases: 'distributed',
  activities: 'distributed',
  village_facts: 'distributed',
  village_daily: 'distributed',
  village_tallies: 'distributed',
  village_birth_year_tallies: 'distributed',
  regions: 'reference',
  grids: 'reference',
  rule_sets: 'reference',
  settings: 'reference',
  users: 'local',
  user_grids: 'local',
  staff_invites: 'local',
  sessions: 'local',
  login_failures: 'local',
  phone_check_failures: 'local',
  uploads: 'local',
  audit_log: 'local'
}

/** The distribution column of every distributed table. */
export const DISTRIBUTION_COLUMN = 'county_code'

/** The tables of one placement, in the map's order. */
export function tablesPlaced(placement: TablePlacement): Array<keyof Database> {
  return (Object.keys(TABLE_PLACEMENT) as Array<keyof Database>).filter((t) => TABLE_PLACEMENT[t] === placement)
}

/**
 * The statements that would distribute this schema on a Citus cluster, run once after the migrations on
 * an empty cluster (`npm run citus:plan` prints them). Every distributed table is co-located with
 * households, so a county's households, members, visits and change log join on one node.
 */
export function citusStatements(): string[] {
  const anchor = 'households'
  const colocated = tablesPlaced('distributed').filter((t) => t !== anchor)
  return [
    ...tablesPlaced('reference').map((t) => `select create_reference_table('${t}');`),
    `select create_distributed_table('${anchor}', '${DISTRIBUTION_COLUMN}');`,
    ...colocated.map((t) => `select create_distributed_table('${t}', '${DISTRIBUTION_COLUMN}', colocate_with => '${anchor}');`),
    // user_grids refers to grids (a reference table): a local table with such a key must be in Citus' metadata.
    ...tablesPlaced('local').map((t) => `select citus_add_local_table_to_metadata('${t}');`)
  ]
}
