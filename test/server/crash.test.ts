import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServerProcess, type ServerProcess } from '../e2e/serverProcess'
import { readConfig } from '../../server/src/config'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrator'
import { createPostgresSchema, databases, type TestDialect } from './harness'
import { GRID_A, PASSWORD, seedWorld, USERS } from './fixtures'
import type { MutationResult } from '../../src/core/mutations'
import type { PullResponse } from '../../server/src/modules/sync/schemas'

/**
 * The real server process (on the fixtures' small world, as its grid worker) takes a push storm from several devices,
 * is killed with SIGKILL in the middle of it and restarted on the same data. Every mutation it had
 * acknowledged must still be there exactly once, and the devices' retries must not duplicate anything.
 */
const DEVICES = 4
const BATCHES_PER_DEVICE = 40
const ACKED_BATCHES_BEFORE_KILL = 12

interface Envelope {
  id: string
  type: string
  payload: Record<string, unknown>
  at: string
}

interface Batch {
  clientId: string
  mutations: Envelope[]
  householdIds: string[]
}

type Delivery = { batch: Batch; results: MutationResult[] } | { batch: Batch; results: null }

jest.setTimeout(60_000)

describe.each(databases())('a push storm survives SIGKILL of the server on %s', (dialect: TestDialect) => {
  let server: ServerProcess | null = null
  let pg: Awaited<ReturnType<typeof createPostgresSchema>> | null = null
  let database: DatabaseHandle | null = null

  afterAll(async () => {
    await database?.close()
    await server?.stop()
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
    await pg?.drop()
  })

  test('every acknowledged mutation is kept, once; retries after the restart create no duplicates', async () => {
    pg = dialect === 'postgres' ? await createPostgresSchema(process.env.TEST_DATABASE_URL!) : null
    const env = { WUZHA_DEMO: '0', ...(pg ? { DATABASE_URL: pg.url } : {}) }
    server = await startServerProcess(env, await seededDataDir(pg?.url ?? null))
    const token = await loginWorker(server.baseUrl)
    const gridId = GRID_A
    const baseline = await liveHouseholdIds(server.baseUrl, token, gridId)

    const outboxes = Array.from({ length: DEVICES }, () => deviceOutbox(gridId))
    const delivered: Delivery[] = []
    let acknowledged = 0
    const running = server
    const storm = outboxes.map(async (batches) => {
      for (const batch of batches) {
        const results = await tryPush(running.baseUrl, token, batch)
        delivered.push({ batch, results })
        if (!results) return
        acknowledged += 1
      }
    })
    while (acknowledged < ACKED_BATCHES_BEFORE_KILL) await sleep(5)
    await server.stop('SIGKILL')
    await Promise.all(storm)

    const acked = delivered.filter((d): d is { batch: Batch; results: MutationResult[] } => d.results !== null)
    const inFlight = delivered.filter((d) => d.results === null).map((d) => d.batch)
    // The kill came mid-storm: every device had a push in flight, whose answer never came.
    expect(inFlight).toHaveLength(DEVICES)
    for (const { results } of acked) expect(results.every((r) => r.status === 'applied')).toBe(true)
    const ackedMutations = acked.flatMap(({ batch }) => batch.mutations)

    server = await startServerProcess(env, server.dataDir)
    const baseUrl = server.baseUrl

    // Straight from the database, before any device sends anything again: every acknowledged mutation
    // is recorded as applied, its record holds what it wrote, and it has exactly one change-log row.
    database = openDatabase({ databaseUrl: pg?.url ?? null, dataDir: server.dataDir })
    const afterRestart = await readStored(database.db)
    expect(ackedMutations.filter((mutation) => !isStored(afterRestart, mutation))).toEqual([])
    expect(ackedMutations.filter((mutation) => afterRestart.changesPerMutation.get(mutation.id) !== 1)).toEqual([])

    // Each acknowledged mutation is remembered: delivering it again is a duplicate with no second effect.
    for (const { batch } of acked) {
      const again = await tryPush(baseUrl, token, batch)
      expect(again?.map((r) => r.status)).toEqual(batch.mutations.map(() => 'duplicate'))
    }
    // And its effect is there: every acknowledged record is in the grid's pull.
    const pulled = await pulledRecords(baseUrl, token, gridId)
    for (const { batch } of acked) {
      for (const mutation of batch.mutations) {
        const record = pulled.get(recordIdOf(mutation))
        expect(record).toBeDefined()
        if (mutation.type === 'member.app') expect(record).toMatchObject({ data: { app: { status: 'registered' } } })
      }
    }

    // The devices retry what was in flight when the server died (the same mutation ids, as the outbox
    // does): whatever had committed answers duplicate, the rest is applied now.
    for (const batch of inFlight) {
      const retried = await tryPush(baseUrl, token, batch)
      expect(retried).not.toBeNull()
      expect(retried!.every((r) => r.status === 'applied' || r.status === 'duplicate')).toBe(true)
    }
    // Now every mutation sent is in the database once, with its one change-log row, and the households
    // the devices created hold exactly the members and visits that were sent for them.
    const allMutations = delivered.flatMap((d) => d.batch.mutations)
    const afterRetries = await readStored(database.db)
    expect(allMutations.filter((mutation) => !isStored(afterRetries, mutation))).toEqual([])
    expect(allMutations.filter((mutation) => afterRetries.changesPerMutation.get(mutation.id) !== 1)).toEqual([])
    const created = new Set(delivered.flatMap((d) => d.batch.householdIds))
    expect(storedRowsByHousehold(afterRetries, created)).toEqual(sentRowsByHousehold(allMutations))
    const after = await liveHouseholdIds(baseUrl, token, gridId)
    expect(after.size).toBe(baseline.size + created.size)
    for (const id of created) expect(after.has(id)).toBe(true)
  })
})

/** A device's outbox: batches of new households, each with members, an app status and a visit. */
function deviceOutbox(gridId: string): Batch[] {
  const clientId = crypto.randomUUID()
  return Array.from({ length: BATCHES_PER_DEVICE }, (_, batchNo) => {
    const mutations: Envelope[] = []
    const householdIds: string[] = []
    for (let h = 0; h < 6; h += 1) {
      const householdId = crypto.randomUUID()
      householdIds.push(householdId)
      const head = crypto.randomUUID()
      const spouse = crypto.randomUUID()
      mutations.push(
        envelope('household.upsert', { id: householdId, gridId, address: { group: `${batchNo + 1}组`, door: `${h + 1}` } }),
        envelope('member.upsert', { id: head, householdId, name: '压测户主', smartphone: 'yes', birthYear: 1968, isHead: true, phone: randomPhone() }),
        envelope('member.upsert', { id: spouse, householdId, name: '压测家属', smartphone: 'no', birthYear: 1950 }),
        envelope('member.app', { memberId: head, status: 'registered', alertsOn: true, evidence: 'in_person' }),
        envelope('visit.record', { id: crypto.randomUUID(), householdId, kind: 'in_person', at: '2026-11-14T09:30:00+08:00', actions: ['cases_explained'] })
      )
    }
    return { clientId, mutations, householdIds }
  })
}

function envelope(type: string, payload: Record<string, unknown>): Envelope {
  return { id: crypto.randomUUID(), type, payload, at: new Date().toISOString() }
}

function randomPhone(): string {
  return `139${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`
}

/** The record a mutation writes: its own id, or the member an app status belongs to. */
function recordIdOf(mutation: Envelope): string {
  return String(mutation.payload.id ?? mutation.payload.memberId)
}

/** What the database holds, read directly rather than through the API. */
interface Stored {
  /** Every mutation id the server recorded, with the status it gave. */
  mutationStatus: Map<string, string>
  /** Change-log rows (what devices pull) by mutation id: a mutation applied twice has two. */
  changesPerMutation: Map<string, number>
  liveHouseholds: Set<string>
  liveMembers: Map<string, { householdId: string; appStatus: string | null }>
  /** Visit id → its household. */
  visits: Map<string, string>
}

async function readStored(db: DatabaseHandle['db']): Promise<Stored> {
  const [mutations, changes, households, members, visits] = await Promise.all([
    db.selectFrom('mutations').select(['id', 'status']).execute(),
    db
      .selectFrom('change_log')
      .select((eb) => ['mutation_id', eb.fn.countAll().as('rows')])
      .where('mutation_id', 'is not', null)
      .groupBy('mutation_id')
      .execute(),
    db.selectFrom('households').select('id').where('deleted_at', 'is', null).execute(),
    db.selectFrom('members').select(['id', 'household_id', 'app_status']).where('deleted_at', 'is', null).execute(),
    db.selectFrom('visits').select(['id', 'household_id']).execute()
  ])
  return {
    mutationStatus: new Map(mutations.map((row) => [row.id, row.status])),
    changesPerMutation: new Map(changes.map((row) => [row.mutation_id!, Number(row.rows)])),
    liveHouseholds: new Set(households.map((row) => row.id)),
    liveMembers: new Map(members.map((row) => [row.id, { householdId: row.household_id, appStatus: row.app_status }])),
    visits: new Map(visits.map((row) => [row.id, row.household_id]))
  }
}

/** Whether the server recorded the mutation as applied and its effect is in the database. */
function isStored(stored: Stored, mutation: Envelope): boolean {
  if (stored.mutationStatus.get(mutation.id) !== 'applied') return false
  const { payload } = mutation
  switch (mutation.type) {
    case 'household.upsert':
      return stored.liveHouseholds.has(String(payload.id))
    case 'member.upsert':
      return stored.liveMembers.get(String(payload.id))?.householdId === payload.householdId
    case 'member.app':
      return stored.liveMembers.get(String(payload.memberId))?.appStatus === payload.status
    case 'visit.record':
      return stored.visits.get(String(payload.id)) === payload.householdId
    default:
      throw new Error(`the storm sends no ${mutation.type}`)
  }
}

/** How many members and visits were sent for each household, as `member <id>` / `visit <id>` → count. */
function sentRowsByHousehold(mutations: Envelope[]): Record<string, number> {
  return countEach(
    mutations.flatMap((m) =>
      m.type === 'member.upsert' ? [`member ${String(m.payload.householdId)}`] : m.type === 'visit.record' ? [`visit ${String(m.payload.householdId)}`] : []
    )
  )
}

/** The same count, of the rows the database holds for the given households. */
function storedRowsByHousehold(stored: Stored, households: Set<string>): Record<string, number> {
  return countEach([
    ...[...stored.liveMembers.values()].filter((m) => households.has(m.householdId)).map((m) => `member ${m.householdId}`),
    ...[...stored.visits.values()].filter((householdId) => households.has(householdId)).map((householdId) => `visit ${householdId}`)
  ])
}

function countEach(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1
  return counts
}

/** One push; null when no 200 came back (the server died with the request in flight). */
async function tryPush(baseUrl: string, token: string, batch: Batch): Promise<MutationResult[] | null> {
  try {
    const response = await fetch(`${baseUrl}/api/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: batch.clientId, mutations: batch.mutations })
    })
    if (response.status !== 200) throw new Error(`push answered ${response.status}: ${await response.text()}`)
    return ((await response.json()) as { results: MutationResult[] }).results
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('push answered')) throw error
    return null
  }
}

/** A data directory (and database) holding the fixtures' world, as the server process will open it. */
async function seededDataDir(databaseUrl: string | null): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-crash-'))
  const config = readConfig({ NODE_ENV: 'test', WUZHA_DATA_DIR: dataDir, WUZHA_DEMO: '0' } as unknown as NodeJS.ProcessEnv, { databaseUrl })
  const database = openDatabase(config)
  await migrateToLatest(database.db, database.dialect)
  await seedWorld(database.db)
  await database.close()
  return dataDir
}

async function loginWorker(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERS.worker.username, password: PASSWORD })
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { token: string }).token
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}

async function liveHouseholdIds(baseUrl: string, token: string, gridId: string): Promise<Set<string>> {
  const ids = new Set<string>()
  let cursor: string | null = null
  do {
    const query: string = `grid=${gridId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await getJson(`${baseUrl}/api/v1/households?${query}`, token)
    page.items.forEach((item) => ids.add(item.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

/** Every live record of the grid as a fresh device would pull it, by id. */
async function pulledRecords(baseUrl: string, token: string, gridId: string): Promise<Map<string, PullResponse['changes'][number]>> {
  const records = new Map<string, PullResponse['changes'][number]>()
  let since = '0'
  for (;;) {
    const page = await getJson<PullResponse>(`${baseUrl}/api/v1/sync/pull?grid=${gridId}&since=${since}&limit=1000`, token)
    for (const change of page.changes) {
      if (change.op === 'upsert') records.set(change.id, change)
      else records.delete(change.id)
    }
    since = page.cursor
    if (!page.hasMore) return records
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
