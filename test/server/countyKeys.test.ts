import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { DatabaseHandle } from '../../server/src/db/database'
import type { Database } from '../../server/src/db/schema'
import { DISTRIBUTION_COLUMN, TABLE_PLACEMENT, citusStatements, tablesPlaced } from '../../server/src/db/distribution'
import { createMigrator, migrateToLatest } from '../../server/src/db/migrator'
import { hashPassword } from '../../server/src/crypto/passwords'
import { UserRepository } from '../../server/src/access/userRepository'
import { seedDemo } from '../../server/src/demo/seedDemo'
import { databases, startServer, type TestServer } from './harness'
import { newPlace, tableNames, type Place } from './places'
import { PASSWORD, uuid } from './fixtures'
import { CLIENT_ID, householdUpsert, memberApp, memberUpsert, push, pushRaw, visitRecord } from './mutationBuilders'

/**
 * Issue #10 point 10: the schema is keyed so that a distributed PostgreSQL (Citus, by county code) could
 * carry it — read from the database's own catalogue, so a table or key added later is held to the same
 * rules — and the write path fills the key with the county each row lies in.
 */
const NOW = new Date('2026-11-20T04:00:00.000Z')

interface TableKeys {
  notNull: Set<string>
  columns: Set<string>
  primaryKey: string[]
  /** Every unique key, the primary key included. */
  uniqueKeys: string[][]
  foreignKeys: Array<{ references: string; columns: string[] }>
}

/** SQLite keeps change_log's cursor and record history's id as its rowid, which takes no second column. */
const SQLITE_ROWID_KEYS = ['change_log', 'record_history']

/** The county each distributed table's rows should carry, derived from what else the row holds. */
const EXPECTED_COUNTY: Record<string, string> = {
  households: 'substr(t.village_code, 1, 6)',
  members: '(select h.county_code from households h where h.id = t.household_id)',
  visits: '(select h.county_code from households h where h.id = t.household_id)',
  invites: '(select h.county_code from households h where h.id = t.household_id)',
  certifications: '(select h.county_code from households h where h.id = t.household_id)',
  mutations: '(select substr(u.scope_region_code, 1, 6) from users u where u.id = t.user_id)',
  change_log: 'substr(t.village_code, 1, 6)',
  record_history: '(select substr(g.village_code, 1, 6) from grids g where g.id = t.grid_id)',
  cases: 'substr(t.village_code, 1, 6)',
  activities: 'substr(t.region_code, 1, 6)',
  village_facts: 'substr(t.village_code, 1, 6)',
  village_daily: 'substr(t.village_code, 1, 6)',
  village_tallies: 'substr(t.village_code, 1, 6)',
  village_birth_year_tallies: 'substr(t.village_code, 1, 6)'
}

const WECHAT = { wechatAppId: 'wx-test-appid', wechatSecret: 'wx-test-secret' }
/** A second county's village (襄汾县), so that a row keyed by the wrong county cannot pass unseen. */
const OTHER_COUNTY_VILLAGE = '141023100003'
const OTHER_GRID = '5e0c1d2b-7a3f-4c8e-9b1a-2f3e4d5c6b7a'

describe.each(databases())('county keys on %s', (dialect) => {
  let standIn: TestServer
  let server: TestServer
  let database: DatabaseHandle
  let keys: Map<string, TableKeys>

  beforeAll(async () => {
    standIn = await startServer('sqlite', { ...WECHAT, wechatStandIn: true })
    const wechatApiBase = `${await standIn.app.listen({ port: 0, host: '127.0.0.1' })}/wechat-stand-in`
    server = await startServer(dialect, { ...WECHAT, wechatApiBase })
    server.clock.now = NOW
    database = server.database
    expect(await seedDemo({ config: server.config, database, cipher: server.app.cipher, now: () => NOW })).toBe(true)
    await writeInAnotherCounty(server)
    await server.app.dailySnapshots.takeToday()
    keys = await catalogue(database)
  }, 120_000)
  afterAll(async () => {
    await server.close()
    await standIn.close()
  })

  test('every table of the database has a place, and every place a table', async () => {
    const tables = (await tableNames(database)).filter((name) => !name.startsWith('kysely_'))
    expect(tables.sort()).toEqual(Object.keys(TABLE_PLACEMENT).sort())
  })

  test('a distributed table has a non-null county code in its primary key and in every unique key', () => {
    for (const table of tablesPlaced('distributed')) {
      const { notNull, primaryKey, uniqueKeys } = keys.get(table)!
      expect({ table, notNull: notNull.has(DISTRIBUTION_COLUMN) }).toEqual({ table, notNull: true })
      if (dialect === 'sqlite' && SQLITE_ROWID_KEYS.includes(table)) {
        expect({ table, primaryKey }).toEqual({ table, primaryKey: [table === 'change_log' ? 'seq' : 'id'] })
        continue
      }
      expect({ table, primaryKey: primaryKey.includes(DISTRIBUTION_COLUMN) }).toEqual({ table, primaryKey: true })
      for (const unique of uniqueKeys) expect({ table, unique, county: unique.includes(DISTRIBUTION_COLUMN) }).toEqual({ table, unique, county: true })
    }
  })

  test('only the tables Citus can join point at each other', () => {
    for (const [table, { foreignKeys }] of keys) {
      for (const foreignKey of foreignKeys) {
        const from = TABLE_PLACEMENT[table as keyof Database]
        const to = TABLE_PLACEMENT[foreignKey.references as keyof Database]
        const allowed =
          to === 'reference' ||
          (from === 'local' && to === 'local') ||
          (from === 'distributed' && to === 'distributed' && foreignKey.columns.includes(DISTRIBUTION_COLUMN))
        expect({ table, ...foreignKey, allowed }).toEqual({ table, ...foreignKey, allowed: true })
      }
    }
  })

  test('the write path keeps every row in the county it lies in', async () => {
    const checked = await countyCheck(database.db)
    for (const [table, { wrong }] of Object.entries(checked)) expect({ table, wrong }).toEqual({ table, wrong: 0 })
    // The demo and the writes above go through the API's code: every distributed table has rows to check.
    const empty = Object.entries(checked).filter(([, { rows }]) => rows === 0).map(([table]) => table)
    expect(empty).toEqual([])
    for (const table of WRITTEN_IN_OTHER_COUNTY) {
      const counties = await database.db.selectFrom(table).select('county_code').distinct().execute()
      expect({ table, other: counties.some((row) => row.county_code === '141023') }).toEqual({ table, other: true })
    }
  })

  test('a pusher whose account has no village is refused before anything is recorded (its records would have no county)', async () => {
    const passwordHash = await hashPassword(PASSWORD)
    await new UserRepository(database.db).insert(
      { id: 'no-village', username: 'no-village', password_hash: passwordHash, name: '未分配', role: 'village_admin', scope_region_code: null, wechat_openid: null, created_at: NOW.toISOString(), disabled_at: null },
      []
    )
    const auth = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username: 'no-village', password: PASSWORD } })
    const response = await pushRaw(server, { authorization: `Bearer ${auth.json().token}` }, { clientId: CLIENT_ID, mutations: [householdUpsert({ id: uuid(), gridId: OTHER_GRID })] })
    expect(response.statusCode).toBe(403)
    expect(response.json().error.message).toContain('未分配村/社区')
    expect(await database.db.selectFrom('mutations').select('id').where('user_id', '=', 'no-village').execute()).toEqual([])
  })

  test('a county code that is not the village’s is refused by the database', async () => {
    const row = await database.db.selectFrom('cases').selectAll().limit(1).executeTakeFirstOrThrow()
    // Compared as text: better-sqlite3's error comes from another realm in a jest worker, which toThrow does not take for an error.
    const refused = await database.db
      .insertInto('cases')
      .values({ ...row, id: 'case-wrong-county', county_code: '110101' })
      .execute()
      .then(
        () => 'inserted',
        (error: unknown) => String(error)
      )
    expect(refused).toMatch(/check|constraint/i)
  })

  test('the Citus plan places every table once, households before the tables co-located with it', () => {
    const statements = citusStatements()
    const named = statements.map((s) => /\('(\w+)'/.exec(s)![1])
    expect([...named].sort()).toEqual(Object.keys(TABLE_PLACEMENT).sort())
    const anchor = named.indexOf('households')
    for (const table of tablesPlaced('distributed').filter((t) => t !== 'households')) {
      const statement = statements[named.indexOf(table)]
      expect(statement).toContain("colocate_with => 'households'")
      expect(named.indexOf(table)).toBeGreaterThan(anchor)
    }
  })
})

/** Per distributed table: its rows, and how many of them hold another county than the one they lie in. */
async function countyCheck(db: Kysely<Database>): Promise<Record<string, { rows: number; wrong: number }>> {
  const checked: Record<string, { rows: number; wrong: number }> = {}
  for (const table of tablesPlaced('distributed')) {
    const { rows } = await sql<{ rows: number | string; wrong: number | string | null }>`
      select count(*) as rows, sum(case when t.county_code = ${sql.raw(EXPECTED_COUNTY[table])} then 0 else 1 end) as wrong
        from ${sql.table(table)} t`.execute(db)
    checked[table] = { rows: Number(rows[0].rows), wrong: Number(rows[0].wrong ?? 0) }
  }
  return checked
}

/** The tables the writes in another county reach (the demo's rows are all in one county, 141002). */
const WRITTEN_IN_OTHER_COUNTY = [
  'households',
  'members',
  'visits',
  'mutations',
  'change_log',
  'record_history',
  'activities',
  'village_facts',
  'village_daily',
  'village_tallies',
  'village_birth_year_tallies'
] as const

/** A village admin and a grid worker of another county record a household, change it, and log the village's campaign. */
async function writeInAnotherCounty(server: TestServer): Promise<void> {
  const db = server.database.db
  const created = NOW.toISOString()
  await db.insertInto('grids').values({ id: OTHER_GRID, name: '襄汾一网格', village_code: OTHER_COUNTY_VILLAGE, created_at: created }).execute()
  const passwordHash = await hashPassword(PASSWORD)
  const user = (id: string, role: string, gridIds: string[]) =>
    new UserRepository(db).insert(
      { id, username: id, password_hash: passwordHash, name: '襄汾员', role, scope_region_code: OTHER_COUNTY_VILLAGE, wechat_openid: null, created_at: created, disabled_at: null },
      gridIds
    )
  await user('xf-worker', 'grid_worker', [OTHER_GRID])
  await user('xf-village', 'village_admin', [])
  const login = async (username: string) => {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { username, password: PASSWORD } })
    return { authorization: `Bearer ${response.json().token}` }
  }
  const worker = await login('xf-worker')
  const household = uuid()
  const member = uuid()
  const results = await push(server, worker, [
    householdUpsert({ id: household, gridId: OTHER_GRID, address: { group: '1组', door: '8' } }),
    memberUpsert({ id: member, householdId: household, name: '丁秀芳', smartphone: 'yes', birthYear: 1958 }),
    memberApp({ memberId: member, status: 'registered', alertsOn: true, evidence: 'in_person' }),
    visitRecord({ id: uuid(), householdId: household, kind: 'in_person', at: NOW.toISOString(), actions: ['cases_explained'] }),
    // A changed name keeps the old one in the record's history.
    memberUpsert({ id: member, householdId: household, name: '丁秀兰', smartphone: 'yes', birthYear: 1958 })
  ])
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied'])
  const village = await login('xf-village')
  const send = (method: 'POST' | 'PUT', url: string, payload: object) => server.app.inject({ method, url, payload, headers: village })
  const activity = await send('POST', '/api/v1/activities', { regionCode: OTHER_COUNTY_VILLAGE, date: '2026-11-10', title: '反诈宣讲', kind: 'lecture', participants: 40 })
  const facts = await send('PUT', `/api/v1/villages/${OTHER_COUNTY_VILLAGE}/facts`, { volunteerTeam: true, warningsReceived: 2, warningsFollowedUp: 2 })
  expect([activity.statusCode, facts.statusCode]).toEqual([201, 200])
}

/**
 * Migration 019 on a database that holds rows of two counties: each row gets the county it lies in, the
 * tallies are recounted, and on SQLite the change log's cursor continues past rows deleted before it.
 */
describe.each(databases())('migration 019 on %s', (dialect) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-019-'))
  let place: Place
  let database: DatabaseHandle

  beforeAll(async () => {
    place = await newPlace(dialect, root)
    database = place.open()
  }, 60_000)
  afterAll(async () => {
    await database.close()
    await place.drop()
    fs.rmSync(root, { recursive: true, force: true })
  })

  test('keys the rows already there by their county', async () => {
    const { error } = await (await createMigrator(database.db, dialect)).migrateTo('018_village_tallies')
    expect(error).toBeUndefined()
    const db = database.db as Kysely<any>
    const villages = ['141002102200', OTHER_COUNTY_VILLAGE]
    const at = NOW.toISOString()
    for (const [n, village] of villages.entries()) {
      const grid = `grid-${n}`
      const household = `household-${n}`
      const member = `member-${n}`
      await db.insertInto('grids').values({ id: grid, name: '网格', village_code: village, created_at: at }).execute()
      await db
        .insertInto('users')
        .values({ id: `worker-${n}`, username: `worker-${n}`, password_hash: null, name: '网格员', role: 'grid_worker', scope_region_code: village, wechat_openid: null, created_at: at, disabled_at: null })
        .execute()
      const stamp = { version: 1, created_at: at, created_by: `worker-${n}`, updated_at: at, updated_by: `worker-${n}`, deleted_at: null, deleted_by: null }
      await db.insertInto('households').values({ id: household, grid_id: grid, village_code: village, address_sort: '1', address_line: '1组', ...stamp }).execute()
      await db
        .insertInto('members')
        .values({ id: member, household_id: household, name: '成员', gender: 'female', birth_year: 1950, smartphone: 'yes', tags: '[]', is_head: 1, app_status: 'registered', ...stamp })
        .execute()
      await db.insertInto('visits').values({ id: `visit-${n}`, household_id: household, worker_id: `worker-${n}`, kind: 'in_person', at, actions: '[]', created_at: at }).execute()
      await db.insertInto('invites').values({ token_hash: `invite-${n}`, household_id: household, created_by: `worker-${n}`, created_at: at, expires_at: at }).execute()
      await db
        .insertInto('certifications')
        .values({ id: `cert-${n}`, household_id: household, member_id: member, invite_token_hash: `invite-${n}`, resident_openid: 'o', status: 'registered', alerts_on: 1, state: 'pending', created_at: at })
        .execute()
      await db.insertInto('mutations').values({ id: `m-${n}`, client_id: 'c', user_id: `worker-${n}`, type: 'visit.record', status: 'applied', result: '{}', received_at: at }).execute()
      for (const entity of ['household', 'member']) {
        await db.insertInto('change_log').values({ entity, entity_id: household, grid_id: grid, village_code: village, op: 'upsert', mutation_id: null, at }).execute()
      }
      await db
        .insertInto('record_history')
        .values({ entity: 'member', entity_id: member, grid_id: grid, field: 'name', old_value: '"甲"', new_value: '"乙"', mutation_id: `m-${n}`, actor_id: `worker-${n}`, at })
        .execute()
      await db.insertInto('cases').values({ id: `case-${n}`, village_code: village, occurred_on: '2026-11-01', kind: 'incident', fraud_type: 'other', created_at: at }).execute()
      await db.insertInto('activities').values({ id: `act-${n}`, region_code: village.slice(0, 9), occurred_on: '2026-11-01', title: '宣讲', kind: 'lecture', participants: 9, created_by: 'x', created_at: at }).execute()
      await db.insertInto('village_facts').values({ village_code: village, volunteer_team: 1, warnings_received: 0, warnings_followed_up: 0, updated_by: 'x', updated_at: at }).execute()
      await db
        .insertInto('village_daily')
        .values({ village_code: village, day: '2026-11-19', households: 1, eligible: 1, registered: 1, visited_households: 1, certified: 0, points: null, rule_set_version: 1, updated_at: at })
        .execute()
    }
    // The newest change is gone before the migration (as offboarding deletes): its number is never given again.
    const { max } = await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirstOrThrow()
    await db.deleteFrom('change_log').where('seq', '=', max).execute()

    await migrateToLatest(database.db, dialect)

    const checked = await countyCheck(database.db)
    expect(Object.values(checked).map(({ wrong }) => wrong)).toEqual(tablesPlaced('distributed').map(() => 0))
    const counties = await database.db.selectFrom('members').select('county_code').orderBy('county_code').execute()
    expect(counties.map((row) => row.county_code)).toEqual(['141002', '141023'])
    const tallied = await database.db.selectFrom('village_tallies').select(['village_code', 'households']).where('quarter', '=', '').orderBy('village_code').execute()
    expect(tallied).toEqual(villages.map((village_code) => ({ village_code, households: 1 })))
    await database.db
      .insertInto('change_log')
      .values({ entity: 'visit', entity_id: 'v', grid_id: 'grid-0', village_code: villages[0], county_code: '141002', op: 'upsert', mutation_id: null, at })
      .execute()
    const { next } = await database.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('next')).executeTakeFirstOrThrow()
    expect(Number(next)).toBeGreaterThan(Number(max))
  })
})

async function catalogue(database: DatabaseHandle): Promise<Map<string, TableKeys>> {
  const tables = (await tableNames(database)).filter((name) => !name.startsWith('kysely_'))
  const result = new Map<string, TableKeys>()
  for (const table of tables) result.set(table, database.dialect === 'sqlite' ? await sqliteKeys(database.db, table) : await postgresKeys(database.db, table))
  return result
}

async function sqliteKeys(db: Kysely<Database>, table: string): Promise<TableKeys> {
  const { rows: columns } = await sql<{ name: string; notnull: number; pk: number }>`select name, "notnull", pk from pragma_table_info(${table})`.execute(db)
  const primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name)
  const { rows: indexes } = await sql<{ name: string }>`select name from pragma_index_list(${table}) where "unique" = 1`.execute(db)
  const uniqueKeys: string[][] = []
  for (const index of indexes) {
    const { rows } = await sql<{ name: string }>`select name from pragma_index_info(${index.name}) order by seqno`.execute(db)
    uniqueKeys.push(rows.map((r) => r.name))
  }
  const { rows: references } = await sql<{ id: number; table: string; from: string }>`select id, "table", "from" from pragma_foreign_key_list(${table})`.execute(db)
  const foreignKeys = [...new Set(references.map((r) => r.id))].map((id) => ({
    references: references.find((r) => r.id === id)!.table,
    columns: references.filter((r) => r.id === id).map((r) => r.from)
  }))
  return {
    columns: new Set(columns.map((c) => c.name)),
    // A SQLite primary key column may hold null unless declared otherwise; only an integer rowid key cannot.
    notNull: new Set(columns.filter((c) => c.notnull === 1).map((c) => c.name)),
    primaryKey,
    uniqueKeys: uniqueKeys.length > 0 || primaryKey.length === 0 ? uniqueKeys : [primaryKey],
    foreignKeys
  }
}

async function postgresKeys(db: Kysely<Database>, table: string): Promise<TableKeys> {
  const { rows: columns } = await sql<{ name: string; nullable: string }>`select column_name as name, is_nullable as nullable
    from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(db)
  const { rows: indexes } = await sql<{ primary: boolean; columns: string[] }>`
    select i.indisprimary as primary, array_agg(a.attname::text order by k.ord) as columns
      from pg_index i
      cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
     where i.indrelid = ${table}::regclass and i.indisunique
     group by i.indexrelid, i.indisprimary`.execute(db)
  const { rows: foreignKeys } = await sql<{ references: string; columns: string[] }>`
    select c.confrelid::regclass::text as references, array_agg(a.attname::text order by k.ord) as columns
      from pg_constraint c
      cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
     where c.conrelid = ${table}::regclass and c.contype = 'f'
     group by c.oid, c.confrelid`.execute(db)
  return {
    columns: new Set(columns.map((c) => c.name)),
    notNull: new Set(columns.filter((c) => c.nullable === 'NO').map((c) => c.name)),
    primaryKey: indexes.find((i) => i.primary)?.columns ?? [],
    uniqueKeys: indexes.map((i) => i.columns),
    foreignKeys: foreignKeys.map((f) => ({ references: f.references.replace(/^.*\./, '').replace(/"/g, ''), columns: f.columns }))
  }
}
