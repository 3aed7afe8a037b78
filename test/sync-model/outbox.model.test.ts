import crypto from 'node:crypto'
import fc from 'fast-check'
import type { User } from '../../src/core/api'
import { formatAddress, type Address } from '../../src/core/household'
import type { Mutation } from '../../src/core/mutations'
import { EMPTY_GRID } from '../../src/core/localCache'
import { PUSH_BATCH_SIZE, type MutationInput } from '../../src/services/outbox'
import { startServer, type TestServer } from '../server/harness'
import { GRID_A, PASSWORD, USERS, seedWorld, type FixtureUser } from '../server/fixtures'
import { SimulatedPhone, settle, type Fault } from './device'

/**
 * Model-based test of the client's outbox (src/services/outbox.ts, as it runs in the app) against the
 * real server. Two phones — the grid worker's and the village admin's — edit the same households
 * while the network loses answers, delivers requests twice or late, goes away and comes back, and the
 * app is killed and restarted. The model says what the server must hold once everything is online
 * and sent: nothing lost, nothing applied twice, the later server order winning, and exactly the
 * rejections the server's rules call for (an edit of a deleted household, a member of a household the
 * server never got) kept on the phone that made them.
 *
 * SYNC_MODEL_RUNS sets the number of runs (default 500).
 */
const RUNS = Number(process.env.SYNC_MODEL_RUNS ?? 500)
/** The model predicts what each request carries. */
const BATCH = PUSH_BATCH_SIZE

// ---------------------------------------------------------------- the model

interface ModelHousehold {
  address: Address
  deleted: boolean
}
interface ModelMember {
  householdId: string
  name: string
  deleted: boolean
}
interface ModelPhone {
  pending: Mutation[]
  /** Ids of the mutations this phone must list as refused. */
  rejected: string[]
  online: boolean
  faults: Fault[]
  held: Mutation[][]
}
interface Model {
  phones: [ModelPhone, ModelPhone]
  /** What the server holds. */
  households: Map<string, ModelHousehold>
  members: Map<string, ModelMember>
  /** Every mutation id the server has seen, with whether it was applied. */
  outcome: Map<string, boolean>
  /** Ids known to the people editing (whether or not the server has them yet). */
  householdIds: string[]
  memberIds: Array<{ id: string; householdId: string }>
}

interface Real {
  server: TestServer
  phones: [SimulatedPhone, SimulatedPhone]
}

/** The server's rules for the mutations this test makes (API.md, docs/architecture.md). */
function applyOnServer(model: Model, mutation: Mutation): void {
  if (model.outcome.has(mutation.id)) return
  model.outcome.set(mutation.id, applies(model, mutation))
}

function applies(model: Model, mutation: Mutation): boolean {
  const payload = mutation.payload as unknown as Record<string, never>
  switch (mutation.type) {
    case 'household.upsert': {
      const existing = model.households.get(payload.id)
      if (existing?.deleted) return false
      model.households.set(payload.id, { address: payload.address, deleted: false })
      return true
    }
    case 'household.delete': {
      const existing = model.households.get(payload.id)
      if (!existing) return false
      existing.deleted = true
      return true
    }
    case 'member.upsert': {
      const household = model.households.get(payload.householdId)
      const existing = model.members.get(payload.id)
      if (!household || household.deleted || existing?.deleted) return false
      model.members.set(payload.id, { householdId: payload.householdId, name: payload.name, deleted: false })
      return true
    }
    case 'member.delete': {
      const existing = model.members.get(payload.id)
      if (!existing) return false
      existing.deleted = true
      return true
    }
    default:
      throw new Error(`not modelled: ${mutation.type}`)
  }
}

/** A sync run of one phone: batches in order until one fails. */
function drain(model: Model, phone: number): void {
  const device = model.phones[phone]
  if (!device.online) return
  while (device.pending.length > 0) {
    const batch = device.pending.slice(0, BATCH)
    const fault = device.faults.shift()
    if (fault === 'hold') {
      device.held.push(batch)
      return
    }
    batch.forEach((mutation) => applyOnServer(model, mutation))
    if (fault === 'lost-ack') return
    device.pending = device.pending.slice(batch.length)
    for (const mutation of batch) if (!model.outcome.get(mutation.id)) device.rejected.push(mutation.id)
  }
}

// ---------------------------------------------------------------- commands

type Command = fc.AsyncCommand<Model, Real>

function pick<T>(items: ReadonlyArray<T>, index: number): T {
  return items[index % items.length]
}

/** A save on one phone: the mutations go to the outbox, which starts sending at once. */
async function save(model: Model, real: Real, phone: number, inputs: MutationInput[]): Promise<void> {
  const outbox = real.phones[phone].outbox
  const mutations = outbox.enqueueMutations(inputs)
  model.phones[phone].pending.push(...mutations)
  await outbox.syncNow()
  drain(model, phone)
}

class AddHousehold implements Command {
  constructor(readonly phone: number, readonly group: string, readonly memberNames: string[]) {}
  check = () => true
  async run(model: Model, real: Real) {
    const id = crypto.randomUUID()
    model.householdIds.push(id)
    const inputs: MutationInput[] = [{ type: 'household.upsert', payload: { id, gridId: GRID_A, address: { group: this.group, door: '1' } } }]
    for (const name of this.memberNames) {
      const memberId = crypto.randomUUID()
      model.memberIds.push({ id: memberId, householdId: id })
      inputs.push({ type: 'member.upsert', payload: { id: memberId, householdId: id, name, smartphone: 'yes' } })
    }
    await save(model, real, this.phone, inputs)
  }
  toString = () => `AddHousehold(${this.phone}, ${this.group}, ${this.memberNames.length} members)`
}

class EditHousehold implements Command {
  constructor(readonly phone: number, readonly household: number, readonly door: string) {}
  check = (model: Readonly<Model>) => model.householdIds.length > 0
  async run(model: Model, real: Real) {
    const id = pick(model.householdIds, this.household)
    await save(model, real, this.phone, [{ type: 'household.upsert', payload: { id, gridId: GRID_A, address: { group: '二组', door: this.door } } }])
  }
  toString = () => `EditHousehold(${this.phone}, #${this.household}, ${this.door})`
}

class DeleteHousehold implements Command {
  constructor(readonly phone: number, readonly household: number) {}
  check = (model: Readonly<Model>) => model.householdIds.length > 0
  async run(model: Model, real: Real) {
    await save(model, real, this.phone, [{ type: 'household.delete', payload: { id: pick(model.householdIds, this.household) } }])
  }
  toString = () => `DeleteHousehold(${this.phone}, #${this.household})`
}

class UpsertMember implements Command {
  /** `member` indexes known members; -1 adds a new member to household `household`. */
  constructor(readonly phone: number, readonly household: number, readonly member: number, readonly name: string) {}
  check = (model: Readonly<Model>) => model.householdIds.length > 0
  async run(model: Model, real: Real) {
    let target: { id: string; householdId: string }
    if (this.member < 0 || model.memberIds.length === 0) {
      target = { id: crypto.randomUUID(), householdId: pick(model.householdIds, this.household) }
      model.memberIds.push(target)
    } else target = pick(model.memberIds, this.member)
    await save(model, real, this.phone, [
      { type: 'member.upsert', payload: { id: target.id, householdId: target.householdId, name: this.name, smartphone: 'yes' } }
    ])
  }
  toString = () => `UpsertMember(${this.phone}, #${this.household}, #${this.member}, ${this.name})`
}

class DeleteMember implements Command {
  constructor(readonly phone: number, readonly member: number) {}
  check = (model: Readonly<Model>) => model.memberIds.length > 0
  async run(model: Model, real: Real) {
    await save(model, real, this.phone, [{ type: 'member.delete', payload: { id: pick(model.memberIds, this.member).id } }])
  }
  toString = () => `DeleteMember(${this.phone}, #${this.member})`
}

class GoOffline implements Command {
  constructor(readonly phone: number) {}
  check = (model: Readonly<Model>) => model.phones[this.phone].online
  async run(model: Model, real: Real) {
    model.phones[this.phone].online = false
    real.phones[this.phone].setOnline(false)
    await settle()
  }
  toString = () => `GoOffline(${this.phone})`
}

/** Signal returns: the outbox hears it and sends. */
class GoOnline implements Command {
  constructor(readonly phone: number) {}
  check = (model: Readonly<Model>) => !model.phones[this.phone].online
  async run(model: Model, real: Real) {
    model.phones[this.phone].online = true
    real.phones[this.phone].setOnline(true)
    await real.phones[this.phone].outbox.syncNow()
    drain(model, this.phone)
  }
  toString = () => `GoOnline(${this.phone})`
}

class NetworkFault implements Command {
  constructor(readonly phone: number, readonly fault: Fault) {}
  check = () => true
  async run(model: Model, real: Real) {
    model.phones[this.phone].faults.push(this.fault)
    real.phones[this.phone].faults.push(this.fault)
  }
  toString = () => `NetworkFault(${this.phone}, ${this.fault})`
}

class DeliverHeld implements Command {
  constructor(readonly phone: number) {}
  check = (model: Readonly<Model>) => model.phones[this.phone].held.length > 0
  async run(model: Model, real: Real) {
    const batch = model.phones[this.phone].held.shift()!
    batch.forEach((mutation) => applyOnServer(model, mutation))
    await real.phones[this.phone].deliverHeld()
  }
  toString = () => `DeliverHeld(${this.phone})`
}

/** WeChat kills the app (e.g. in the background) and the worker opens it again: it syncs on show. */
class Restart implements Command {
  constructor(readonly phone: number) {}
  check = () => true
  async run(model: Model, real: Real) {
    await real.phones[this.phone].restart()
    await real.phones[this.phone].outbox.syncNow()
    drain(model, this.phone)
  }
  toString = () => `Restart(${this.phone})`
}

/**
 * The backoff timer fires. Timers are jest's, so this fires every phone's: the other phone must be
 * offline, so that its retry sends nothing and the order of requests stays known.
 */
class BackoffTimerFires implements Command {
  constructor(readonly phone: number) {}
  check = (model: Readonly<Model>) => !model.phones[1 - this.phone].online
  async run(model: Model, real: Real) {
    jest.advanceTimersByTime(6 * 60 * 1000)
    await real.phones[this.phone].outbox.syncNow()
    await real.phones[1 - this.phone].outbox.syncNow()
    drain(model, this.phone)
  }
  toString = () => `BackoffTimerFires(${this.phone})`
}

/** 重试 on a refused change: the same change with a new id. */
class RetryRejected implements Command {
  constructor(readonly phone: number, readonly item: number) {}
  check = (model: Readonly<Model>) => model.phones[this.phone].rejected.length > 0
  async run(model: Model, real: Real) {
    const device = model.phones[this.phone]
    const id = pick(device.rejected, this.item)
    const outbox = real.phones[this.phone].outbox
    const running = outbox.retryRejectedMutation(id)
    const retried = outbox.getOutboxSnapshot().pending.at(-1)!
    expect(retried).toMatchObject({ type: expect.any(String) })
    expect(retried.id).not.toBe(id)
    device.rejected = device.rejected.filter((rejected) => rejected !== id)
    device.pending.push(retried)
    await running
    drain(model, this.phone)
  }
  toString = () => `RetryRejected(${this.phone}, #${this.item})`
}

const phoneArb = fc.integer({ min: 0, max: 1 })
const nameArb = fc.constantFrom('王秀兰', '李强', '张伟', '赵丽', 'Ann')
const commandArbs = [
  fc.tuple(phoneArb, fc.constantFrom('一组', '三组'), fc.oneof(fc.constant([] as string[]), fc.array(nameArb, { maxLength: 3 }), fc.array(nameArb, { minLength: 18, maxLength: 45 }))).map(
    ([phone, group, names]) => new AddHousehold(phone, group, names)
  ),
  fc.tuple(phoneArb, fc.nat(), fc.constantFrom('1', '2', '3')).map(([phone, h, door]) => new EditHousehold(phone, h, door)),
  fc.tuple(phoneArb, fc.nat()).map(([phone, h]) => new DeleteHousehold(phone, h)),
  fc.tuple(phoneArb, fc.nat(), fc.integer({ min: -1, max: 20 }), nameArb).map(([phone, h, m, name]) => new UpsertMember(phone, h, m, name)),
  fc.tuple(phoneArb, fc.nat()).map(([phone, m]) => new DeleteMember(phone, m)),
  phoneArb.map((phone) => new GoOffline(phone)),
  phoneArb.map((phone) => new GoOnline(phone)),
  fc.tuple(phoneArb, fc.constantFrom<Fault>('lost-ack', 'duplicate', 'hold')).map(([phone, fault]) => new NetworkFault(phone, fault)),
  phoneArb.map((phone) => new DeliverHeld(phone)),
  phoneArb.map((phone) => new Restart(phone)),
  phoneArb.map((phone) => new BackoffTimerFires(phone)),
  fc.tuple(phoneArb, fc.nat()).map(([phone, item]) => new RetryRejected(phone, item))
]

// ---------------------------------------------------------------- the run

let server: TestServer
const sessions = {} as Record<'worker' | 'village', { token: string; user: User }>

async function signIn(who: FixtureUser): Promise<{ token: string; user: User }> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    payload: { username: USERS[who].username, password: PASSWORD }
  })
  if (response.statusCode !== 200) throw new Error(`login ${who}: ${response.body}`)
  return response.json()
}

beforeAll(async () => {
  // The outbox's backoff timers only fire when a command says so (BackoffTimerFires).
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'] })
  // One server for every run: each run makes its own households (new UUIDs), so runs cannot meet.
  server = await startServer('sqlite')
  await seedWorld(server.database.db)
  sessions.worker = await signIn('worker')
  sessions.village = await signIn('village')
})

afterAll(async () => {
  jest.useRealTimers()
  await server?.close()
})

/** Everything comes online, held requests arrive, and each phone sends what it has, one after the other. */
async function settleEverything(model: Model, real: Real): Promise<void> {
  for (const phone of [0, 1]) {
    real.phones[phone].faults.length = 0
    model.phones[phone].faults.length = 0
    while (model.phones[phone].held.length > 0) {
      model.phones[phone].held.shift()!.forEach((mutation) => applyOnServer(model, mutation))
      await real.phones[phone].deliverHeld()
    }
  }
  for (const phone of [0, 1]) {
    model.phones[phone].online = true
    real.phones[phone].setOnline(true)
    await real.phones[phone].outbox.syncNow()
    drain(model, phone)
  }
}

async function expectServerMatchesModel(model: Model, real: Real): Promise<void> {
  const auth = { authorization: `Bearer ${sessions.worker.token}` }
  for (const id of model.householdIds) {
    const expected = model.households.get(id)
    const response = await real.server.app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: auth })
    if (!expected || expected.deleted) {
      expect(response.statusCode).toBe(404)
      continue
    }
    expect(response.statusCode).toBe(200)
    const detail = response.json()
    expect(detail.addressText).toBe(formatAddress(expected.address))
    const members = [...model.members.entries()]
      .filter(([, member]) => member.householdId === id && !member.deleted)
      .map(([memberId, member]) => ({ id: memberId, name: member.name }))
    const actual = detail.members.map((member: { id: string; name: string }) => ({ id: member.id, name: member.name }))
    expect(sortById(actual)).toEqual(sortById(members))
  }
}

/** The worker's phone, after a pull, shows every household as the server has it. */
async function expectPulledCopyMatchesModel(model: Model, phone: SimulatedPhone): Promise<void> {
  await phone.restart({ gridCache: true })
  await phone.gridCache.pullGrid(GRID_A)
  for (const id of model.householdIds) {
    const expected = model.households.get(id)
    const local = phone.gridCache.getHousehold(id)
    if (!expected || expected.deleted) {
      expect(local).toBeNull()
      continue
    }
    expect(local?.addressText).toBe(formatAddress(expected.address))
    const members = [...model.members.entries()]
      .filter(([, member]) => member.householdId === id && !member.deleted)
      .map(([memberId, member]) => ({ id: memberId, name: member.name }))
    expect(sortById(local!.members.map(({ id: memberId, name }) => ({ id: memberId, name })))).toEqual(sortById(members))
    expect(local!.memberCount).toBe(members.length)
  }
}

function sortById<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id))
}

test('outbox and server agree with the model through lost answers, duplicates, late delivery, offline and restarts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 20, size: 'max' }), async (commands) => {
      const phones: [SimulatedPhone, SimulatedPhone] = [
        new SimulatedPhone(server, sessions.worker),
        new SimulatedPhone(server, sessions.village)
      ]
      const model: Model = {
        phones: [0, 1].map(() => ({ pending: [], rejected: [], online: true, faults: [], held: [] })) as unknown as [ModelPhone, ModelPhone],
        households: new Map(),
        members: new Map(),
        outcome: new Map(),
        householdIds: [],
        memberIds: []
      }
      const real: Real = { server, phones }
      // The worker's phone has the grid up to now (earlier runs' changes are not this run's business).
      const { seq } = await server.database.db
        .selectFrom('change_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow()
      phones[0].storage.set(`wuzha.user.${USERS.worker.id}.grid.${GRID_A}`, JSON.stringify({ cursor: String(seq ?? 0), pulledAt: null, grid: EMPTY_GRID }))
      try {
        for (const phone of phones) await phone.start()
        await fc.asyncModelRun(() => ({ model, real }), commands)
        await settleEverything(model, real)

        for (const phone of [0, 1]) {
          const snapshot = real.phones[phone].outbox.getOutboxSnapshot()
          expect(snapshot.pending).toEqual([])
          expect(snapshot.rejected.map(({ mutation }) => mutation.id).sort()).toEqual([...model.phones[phone].rejected].sort())
        }
        await expectServerMatchesModel(model, real)
        await expectPulledCopyMatchesModel(model, real.phones[0])
      } finally {
        phones.forEach((phone) => phone.stop())
        jest.clearAllTimers()
      }
    }),
    { numRuns: RUNS }
  )
}, 600_000)
