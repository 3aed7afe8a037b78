import type { Kysely } from 'kysely'

/**
 * Rule sets of the score (DESIGN §3) as data: each saved rule set is a new version and old versions are
 * kept, so a score computed last quarter can still say which rules gave it. The JSON is the core's
 * RuleSetRules (src/core/scoring/ruleSet.ts), validated before it is stored. The default is written by
 * the server the first time a rule set is read (RuleSetRepository.current), not here, so it is the
 * core's default of the running version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rule_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}
