import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { DialectName } from './database'
import * as initial from './migrations/001_initial'
import * as householdAddressSort from './migrations/002_household_address_sort'
import * as recordHistory from './migrations/003_record_history'
import * as loginFailures from './migrations/004_login_failures'
import * as platformHardening from './migrations/005_platform_hardening'
import * as householdSearch from './migrations/006_household_search'
import * as residents from './migrations/007_residents'
import * as cases from './migrations/008_cases'
import * as uploadChecks from './migrations/009_upload_checks'
import * as browserResidents from './migrations/010_browser_residents'
import * as ruleSets from './migrations/011_rule_sets'
import * as campaignRecords from './migrations/012_campaign_records'
import * as villageDaily from './migrations/013_village_daily'
import * as staffInviteCodes from './migrations/014_staff_invite_codes'
import * as retention from './migrations/015_retention'
import * as villageTallies from './migrations/018_village_tallies'
import * as countyKeys from './migrations/019_county_keys'
import * as auditHead from './migrations/020_audit_head'

/** Migrations are listed here (not read from disk) so the same list runs under tsx, jest and a bundle. */
const MIGRATIONS: Record<string, { up(db: Kysely<any>, dialect: DialectName): Promise<void> }> = {
  '001_initial': initial,
  '002_household_address_sort': householdAddressSort,
  '003_record_history': recordHistory,
  '004_login_failures': loginFailures,
  '005_platform_hardening': platformHardening,
  '006_household_search': householdSearch,
  '007_residents': residents,
  '008_cases': cases,
  '009_upload_checks': uploadChecks,
  '010_browser_residents': browserResidents,
  '011_rule_sets': ruleSets,
  '012_campaign_records': campaignRecords,
  '013_village_daily': villageDaily,
  '014_staff_invite_codes': staffInviteCodes,
  '015_retention': retention,
  '018_village_tallies': villageTallies,
  '019_county_keys': countyKeys,
  '020_audit_head': auditHead
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const entries = Object.entries(MIGRATIONS).map(([name, m]): [string, Migration] => [name, { up: (db: Kysely<any>) => m.up(db, this.dialect) }])
    return Object.fromEntries(entries)
  }
}

/**
 * On PostgreSQL, Kysely looks for its bookkeeping tables in every schema unless told which one; pinning
 * it to the schema in use keeps databases that hold several schemas (and parallel test runs) apart.
 */
async function migrationTableSchema(db: Kysely<any>, dialect: DialectName): Promise<string | undefined> {
  if (dialect !== 'postgres') return undefined
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  return rows[0].schema
}

/** Kysely's migrator over this version's migrations (tests also take it to an earlier one with `migrateTo`). */
export async function createMigrator(db: Kysely<any>, dialect: DialectName): Promise<Migrator> {
  return new Migrator({
    db,
    provider: new StaticMigrationProvider(dialect),
    // Numbers are handed out to parallel branches (011 may be merged before 009): a database that already
    // ran a later one still runs an earlier one it lacks, instead of refusing to start.
    allowUnorderedMigrations: true,
    migrationTableSchema: await migrationTableSchema(db, dialect)
  })
}

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const migrator = await createMigrator(db, dialect)
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
}

export interface SchemaState {
  /** Migrations of this version the database has not run: the server runs them when it starts. */
  pending: string[]
  /** Migrations the database ran that this version does not know: it was made by a newer version. */
  unknown: string[]
}

/**
 * How the database's schema compares with this version's migrations, read from Kysely's bookkeeping
 * table without changing anything (a database without it has every migration pending).
 */
export async function schemaState(db: Kysely<any>, dialect: DialectName): Promise<SchemaState> {
  const schema = await migrationTableSchema(db, dialect)
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  const hasTable = tables.some((table) => table.name === 'kysely_migration' && (schema === undefined || table.schema === schema))
  const ran = hasTable
    ? (await sql<{ name: string }>`select name from ${sql.table(schema ? `${schema}.kysely_migration` : 'kysely_migration')}`.execute(db)).rows.map((row) => row.name)
    : []
  const known = Object.keys(MIGRATIONS)
  return { pending: known.filter((name) => !ran.includes(name)), unknown: ran.filter((name) => !known.includes(name)) }
}
