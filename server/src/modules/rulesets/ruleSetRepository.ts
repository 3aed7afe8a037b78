import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, RuleSetTable } from '../../db/schema'
import type { AuditLog } from '../audit/auditLog'
import { DEFAULT_RULES, ruleSetRulesSchema, type RuleSet, type RuleSetRules } from '../../../../src/core/scoring'

/** Who saves a rule set, as the audit log names them. */
export interface RuleSetAuthor {
  id: string
  role: string
}

/** A stored rule set with who saved it and when. */
export interface StoredRuleSet extends RuleSet {
  createdBy: string | null
  createdAt: string
}

/**
 * Versions of the score's rules. Versions are only added; the newest is the one in force. When none is
 * stored yet the core's default is written as version 1, so every score names a stored version.
 */
export class RuleSetRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly auditLog: AuditLog,
    private readonly now: () => Date
  ) {}

  async current(): Promise<StoredRuleSet> {
    const newest = await this.newest()
    if (newest) return newest
    await this.insert(this.db, 1, DEFAULT_RULES, null, true)
    return (await this.newest())!
  }

  /**
   * Saves the rules as the version after the newest, with its audit entry in the same transaction (a rule
   * set changes every score, so who changed it must be provable). Two saves at once: the later one is a
   * conflict on the unique version, retried once.
   */
  async add(rules: RuleSetRules, author: RuleSetAuthor): Promise<StoredRuleSet> {
    for (let attempt = 0; ; attempt++) {
      const previous = await this.newest()
      const version = (previous?.version ?? 0) + 1
      try {
        return await this.db.transaction().execute(async (trx) => {
          const stored = await this.insert(trx, version, rules, author.id, false)
          await this.auditLog.record(trx, {
            actor: author,
            action: 'ruleset.create',
            target: `ruleset/${stored.id}`,
            result: 'success',
            details: { version, previousVersion: previous?.version ?? null, rules }
          })
          return stored
        })
      } catch (error) {
        if (attempt > 0) throw error
      }
    }
  }

  private async newest(): Promise<StoredRuleSet | undefined> {
    const row = await this.db.selectFrom('rule_sets').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst()
    return row && storedOf(row)
  }

  private async insert(db: Kysely<Database>, version: number, rules: RuleSetRules, createdBy: string | null, ifAbsent: boolean): Promise<StoredRuleSet> {
    const row: RuleSetTable = {
      id: crypto.randomUUID(),
      version,
      json: JSON.stringify(rules),
      created_by: createdBy,
      created_at: this.now().toISOString()
    }
    const insert = db.insertInto('rule_sets').values(row)
    // The default may be written by two first readers at once: the second keeps the first's.
    await (ifAbsent ? insert.onConflict((oc) => oc.column('version').doNothing()) : insert).execute()
    return storedOf(row)
  }
}

/** Stored JSON passed validation when saved; parsing it again keeps a hand-edited row from scoring nonsense. */
function storedOf(row: RuleSetTable): StoredRuleSet {
  const rules = ruleSetRulesSchema.parse(JSON.parse(row.json))
  return { id: row.id, version: Number(row.version), ...rules, createdBy: row.created_by, createdAt: row.created_at }
}
