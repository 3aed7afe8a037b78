import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely'
import type { Database } from '../../server/src/db/schema'
import type { DialectName } from '../../server/src/db/database'
import { median, timed } from './stats'

/**
 * The SQL a piece of server code runs, found by running it once through a spying Kysely (a plugin
 * that records each query's operation node), then compiled by the real dialect: so the plans and
 * timings below are of the server's own queries, not of hand-copied ones.
 */
export async function captureQueries(db: Kysely<Database>, step: (spy: Kysely<Database>) => Promise<unknown>): Promise<CompiledQuery[]> {
  const nodes: RootOperationNode[] = []
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.push(args.node)
      return args.node
    },
    transformResult: async (args) => args.result
  }
  await step(db.withPlugin(plugin))
  const executor = db.getExecutor()
  return nodes.map((node) => executor.compileQuery(node, createQueryId()))
}

export interface QueryProfile {
  sql: string
  rows: number
  medianMs: number
  /** The engine's plan, one line per step. */
  plan: string[]
}

/** Times each query (median of `runs`) and asks the engine for its plan. */
export async function profileQueries(
  db: Kysely<Database>,
  dialect: DialectName,
  queries: ReadonlyArray<CompiledQuery>,
  runs = 5
): Promise<QueryProfile[]> {
  const profiles: QueryProfile[] = []
  for (const query of queries) {
    const times: number[] = []
    let rows = 0
    for (let i = 0; i < runs; i++) {
      const { ms, result } = await timed(() => db.executeQuery(query))
      times.push(ms)
      rows = result.rows.length
    }
    profiles.push({ sql: query.sql, rows, medianMs: median(times), plan: await planOf(db, dialect, query) })
  }
  return profiles
}

async function planOf(db: Kysely<Database>, dialect: DialectName, query: CompiledQuery): Promise<string[]> {
  if (dialect === 'sqlite') {
    const result = await db.executeQuery(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]))
    return (result.rows as Array<{ detail: string }>).map((row) => row.detail)
  }
  const result = await db.executeQuery(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]))
  return (result.rows as Array<Record<string, string>>)
    .map((row) => row['QUERY PLAN'].replace(/\s+\(cost=[^)]*\)/, '').replace(/^\s*(->\s*)?/, ''))
    .filter((line) => /Scan|Join|Loop|Hash|Sort|Aggregate|Unique|SubPlan/.test(line))
}

/** A one-line label for a query: its verb and tables. */
export function shortSql(text: string): string {
  const compact = text.replace(/"/g, '').replace(/\s+/g, ' ')
  return compact.length > 150 ? `${compact.slice(0, 147)}…` : compact
}
