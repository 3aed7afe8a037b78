import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { DialectName } from './database'
import * as initial from './migrations/001_initial'

/** Migrations are listed here (not read from disk) so the same list runs under tsx, jest and a bundle. */
const MIGRATIONS: Record<string, { up(db: Kysely<any>, dialect: DialectName): Promise<void> }> = {
  '001_initial': initial
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const entries = Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, this.dialect) }])
    return Object.fromEntries(entries)
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(dialect) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
}
