import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { DatabaseHandle } from '../db/database'
import type { ServerConfig } from '../config'
import type { FieldCipher } from '../crypto/fieldCipher'
import { StartRefused } from '../errors'
import { hashPassword } from '../crypto/passwords'
import { importRegions } from '../regions/importRegions'
import { createStaffInvite } from '../modules/auth/staffInvites'
import { UserRepository } from '../access/userRepository'
import { Scope } from '../access/scope'
import type { StaffRole } from '../access/principal'
import { pushMutations } from '../modules/sync/push'
import { AuditLog } from '../modules/audit/auditLog'
import type { Actor } from '../modules/sync/appliers/context'
import { MAX_MUTATIONS_PER_PUSH, type Mutation } from '../../../src/core/mutations'
import { generateGridMutations } from './households'
import { seedDemoCases } from './cases'
import { seedDemoSnapshots } from './snapshots'
import { demoId } from './ids'
import { DemoRandom } from './random'
import { withinRegion } from '../db/regionRange'
import { InviteService } from '../modules/invites/service'
import { WechatCodeClient } from '../modules/invites/wechatCodes'
import { WechatAccessToken } from '../modules/wechat/accessToken'
import { CertificationService } from '../modules/certifications/service'
import {
  DEMO_ACCOUNTS,
  DEMO_CITY,
  DEMO_GRIDS,
  DEMO_INVITE,
  DEMO_PASSWORD,
  DEMO_TOWNSHIP,
  DEMO_VILLAGE,
  type DemoAccount,
  type DemoGrid
} from './plan'

/**
 * Demo mode's data: Linfen's regions, the demo accounts and grids, and about 200 synthetic households
 * in 大阳镇, written through the sync push path as each grid's worker would, so the demo shows exactly
 * what the app would have stored, and the trend's daily snapshots of the 12 weeks before. Never in production.
 */
export interface DemoDeps {
  config: Pick<ServerConfig, 'production'>
  database: DatabaseHandle
  cipher: FieldCipher
  now?: () => Date
  /** Told when seeding starts, since a first start then takes a few seconds. */
  log?: (message: string) => void
}

export interface DemoSummary {
  password: string
  accounts: Array<Pick<DemoAccount, 'name' | 'role'> & { username: string; scope: string }>
  township: { code: string; name: string }
  village: { code: string; name: string }
  /** Households in the demo township, and in how many of its villages. */
  households: { count: number; villages: number }
  invite: { code: string; name: string; gridName: string; ttlDays: number }
}

/** Fixed seed: every fresh demo database holds the same people. */
const DEMO_SEED = 0x5a_2026

/** Signed in with a password and printed in the banner, in this order. */
const LISTED_ACCOUNTS = [
  DEMO_ACCOUNTS.admin,
  DEMO_ACCOUNTS.official,
  DEMO_ACCOUNTS.village,
  DEMO_ACCOUNTS.worker,
  DEMO_ACCOUNTS.worker2,
  DEMO_ACCOUNTS.worker3
]

/**
 * Seeds the demo into an empty database and returns true; returns false when it is seeded already.
 * Refuses (StartRefused) a database holding anything but demo data. A first start interrupted half-way
 * is finished on the next, since every step is idempotent and the admin account, written last, marks
 * the seed complete.
 */
export async function seedDemo(deps: DemoDeps): Promise<boolean> {
  assertNotProduction(deps.config)
  const db = deps.database.db
  await claimForDemo(db)
  if (await hasAccount(db, DEMO_ACCOUNTS.admin)) return false
  const now = (deps.now ?? (() => new Date()))()
  deps.log?.('演示模式：正在创建演示数据（临汾市区划、演示账号、约200户合成住户），需要几秒钟…')
  await importRegions(db, DEMO_CITY)
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await createGrids(db, now)
  for (const account of Object.values(DEMO_ACCOUNTS)) {
    if (account !== DEMO_ACCOUNTS.admin) await createAccount(db, account, passwordHash, now)
  }
  await pushDemoHouseholds(deps, now)
  await submitDemoCertifications(deps, now)
  await seedDemoCases(db, now)
  await seedDemoSnapshots(deps.database, now)
  await createAccount(db, DEMO_ACCOUNTS.admin, passwordHash, now)
  return true
}

/**
 * Seeds when needed, then issues a fresh staff invitation (codes are stored only hashed, so each start
 * prints a new one) and describes the demo for the banner.
 */
export async function prepareDemo(deps: DemoDeps): Promise<DemoSummary> {
  await seedDemo(deps)
  const db = deps.database.db
  const now = (deps.now ?? (() => new Date()))()
  const inviteGrid = demoGrid(DEMO_INVITE.gridKey)
  const { code } = await createStaffInvite(db, deps.cipher, {
    name: DEMO_INVITE.name,
    role: 'grid_worker',
    scopeRegionCode: inviteGrid.villageCode,
    gridIds: [inviteGrid.id],
    createdBy: DEMO_ACCOUNTS.village.id,
    ttlDays: DEMO_INVITE.ttlDays,
    now
  })
  const names = await regionNames(db, [DEMO_CITY, DEMO_TOWNSHIP, DEMO_VILLAGE])
  return {
    password: DEMO_PASSWORD,
    accounts: LISTED_ACCOUNTS.map((account) => ({
      username: account.username!,
      name: account.name,
      role: account.role,
      scope: scopeLabel(account, names)
    })),
    township: { code: DEMO_TOWNSHIP, name: names.get(DEMO_TOWNSHIP)! },
    village: { code: DEMO_VILLAGE, name: names.get(DEMO_VILLAGE)! },
    households: await countHouseholdsUnder(db, DEMO_TOWNSHIP),
    invite: { code, name: DEMO_INVITE.name, gridName: `${names.get(DEMO_VILLAGE)}${inviteGrid.name}`, ttlDays: DEMO_INVITE.ttlDays }
  }
}

function assertNotProduction(config: Pick<ServerConfig, 'production'>): void {
  if (config.production || process.env.NODE_ENV === 'production') {
    throw new Error('演示数据不能在生产环境（NODE_ENV=production）中创建')
  }
}

const DEMO_SETTING = 'demo'

/**
 * Demo mode works only on a database of its own: one marked as made by demo mode, or one with no users
 * but demo accounts (empty, or a demo from before the mark), which it marks. Anything else holds real
 * people's data, which demo accounts and the WeChat stand-in must never reach: the start is refused.
 */
async function claimForDemo(db: Kysely<Database>): Promise<void> {
  const mark = await db.selectFrom('settings').select('value').where('key', '=', DEMO_SETTING).executeTakeFirst()
  if (mark?.value === '1') return
  const users = await db.selectFrom('users').select('id').execute()
  const demoIds = new Set(Object.values(DEMO_ACCOUNTS).map((account) => account.id))
  if (!users.every((user) => demoIds.has(user.id))) {
    throw new StartRefused(
      '演示模式未启动：数据目录中已有正式数据（非演示账号）。演示模式不会在正式数据上创建演示账号或启用微信登录替身；' +
        '请为演示另设 WUZHA_DATA_DIR（或 DATABASE_URL），或不带演示模式启动服务（npm run serve）。'
    )
  }
  await db.insertInto('settings').values({ key: DEMO_SETTING, value: '1' }).execute()
}

async function hasAccount(db: Kysely<Database>, account: DemoAccount): Promise<boolean> {
  return (await new UserRepository(db).findRowById(account.id)) !== undefined
}

function demoGrid(key: string): DemoGrid {
  const grid = DEMO_GRIDS.find((candidate) => candidate.key === key)
  if (!grid) throw new Error(`no demo grid ${key}`)
  return grid
}

/** Grids are listed in creation order, so 第一网格 is created a minute before 第二网格. */
async function createGrids(db: Kysely<Database>, now: Date): Promise<void> {
  const created = now.getTime() - 120 * 24 * 3600 * 1000
  await db
    .insertInto('grids')
    .values(
      DEMO_GRIDS.map((grid, index) => ({
        id: grid.id,
        name: grid.name,
        village_code: grid.villageCode,
        created_at: new Date(created + index * 60_000).toISOString()
      }))
    )
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute()
}

async function createAccount(db: Kysely<Database>, account: DemoAccount, passwordHash: string, now: Date): Promise<void> {
  if (await hasAccount(db, account)) return
  const gridIds = DEMO_GRIDS.filter((grid) => grid.worker === account).map((grid) => grid.id)
  await new UserRepository(db).insert(
    {
      id: account.id,
      username: account.username,
      password_hash: account.username ? passwordHash : null,
      name: account.name,
      role: account.role,
      scope_region_code: account.scopeRegionCode,
      wechat_openid: null,
      created_at: now.toISOString(),
      disabled_at: null
    },
    gridIds
  )
}

/**
 * Each grid's households, pushed by its worker through the app's own write path. The server clock is
 * set to each change's time, so the records carry a quarter of field work rather than one instant.
 */
async function pushDemoHouseholds(deps: DemoDeps, now: Date): Promise<void> {
  const context = { random: new DemoRandom(DEMO_SEED), now, phones: new Set<string>() }
  for (const grid of DEMO_GRIDS) {
    const mutations = generateGridMutations(grid, context)
    if (mutations.length === 0) continue
    if (!grid.worker) throw new Error(`demo grid ${grid.key} has households but no worker`)
    const actor = await actorOf(deps.database.db, grid.worker)
    const clientId = demoId('device', grid.key)
    for (const run of runsAtSameTime(mutations)) {
      const runTime = () => new Date(run[0].at)
      const auditLog = new AuditLog(deps.database.dialect, runTime)
      const syncDeps = { db: deps.database.db, dialect: deps.database.dialect, cipher: deps.cipher, now: runTime, auditLog }
      const { results } = await pushMutations(syncDeps, actor, { clientId, mutations: run })
      const rejected = results.find((result) => result.status === 'rejected')
      if (rejected) throw new Error(`demo mutation ${rejected.id} was rejected: ${JSON.stringify(rejected.error)}`)
    }
  }
}

/** How many residents of demo-worker's grid have certified themselves and wait for review. */
const DEMO_PENDING_CERTIFICATIONS = 3

/**
 * A few residents of demo-worker's first grid certify themselves through the real invitation and
 * certification services, so the demo's review queue (待审核) has something to decide.
 */
async function submitDemoCertifications(deps: DemoDeps, now: Date): Promise<void> {
  const db = deps.database.db
  // Idempotent like every step: an interrupted first start does not submit them twice.
  if (await db.selectFrom('certifications').select('id').executeTakeFirst()) return
  const clock = () => now
  // No 小程序码 is asked for here, so WeChat is never called.
  const auditLog = new AuditLog(deps.database.dialect, clock)
  const wechatCodes = new WechatCodeClient(new WechatAccessToken({ wechatApiBase: '', wechatAppId: '', wechatSecret: '' }, clock))
  const invites = new InviteService(db, clock, wechatCodes, auditLog)
  const certifications = new CertificationService(db, deps.database.dialect, deps.cipher, clock, invites, auditLog)
  const worker = await actorOf(db, DEMO_ACCOUNTS.worker)
  const members = await db
    .selectFrom('members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.id', 'm.household_id', 'm.phone_enc'])
    .where('h.grid_id', '=', DEMO_GRIDS[0].id)
    .where('m.deleted_at', 'is', null)
    .where('m.smartphone', '=', 'yes')
    .where('m.app_status', 'is', null)
    .orderBy('m.id')
    .limit(DEMO_PENDING_CERTIFICATIONS)
    .execute()
  for (const [index, member] of members.entries()) {
    const { token } = await invites.create({ scope: worker.scope, role: worker.role, user: { id: worker.userId } }, member.household_id)
    const phoneLast4 = member.phone_enc ? deps.cipher.decrypt(member.phone_enc).slice(-4) : undefined
    await certifications.submit({ key: `demo-resident-${index + 1}`, inviteTokenHash: null }, {
      inviteToken: token,
      memberId: member.id,
      status: index === 0 ? 'installed_unregistered' : 'registered',
      alertsOn: index !== 0,
      consent: true,
      ...(phoneLast4 ? { phoneLast4 } : {})
    })
  }
}

async function actorOf(db: Kysely<Database>, account: DemoAccount): Promise<Actor> {
  const users = new UserRepository(db)
  const row = await users.findRowById(account.id)
  if (!row) throw new Error(`demo account ${account.id} is missing`)
  const user = await users.toUser(row)
  return { userId: row.id, role: user.role as StaffRole, scope: Scope.of(user) }
}

/** Consecutive mutations made at the same moment, in order, at most one push request each. */
function runsAtSameTime(mutations: ReadonlyArray<Mutation>): Mutation[][] {
  const runs: Mutation[][] = []
  for (const mutation of mutations) {
    const last = runs.at(-1)
    if (last && last[0].at === mutation.at && last.length < MAX_MUTATIONS_PER_PUSH) last.push(mutation)
    else runs.push([mutation])
  }
  return runs
}

async function regionNames(db: Kysely<Database>, codes: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()
  return new Map(rows.map((row) => [row.code, row.name]))
}

function scopeLabel(account: DemoAccount, names: Map<string, string>): string {
  const region = names.get(account.scopeRegionCode) ?? account.scopeRegionCode
  const grids = DEMO_GRIDS.filter((grid) => grid.worker === account).map((grid) => grid.name)
  return grids.length > 0 ? `${region}${grids.join('、')}` : region
}

async function countHouseholdsUnder(db: Kysely<Database>, regionCode: string): Promise<DemoSummary['households']> {
  const row = await db
    .selectFrom('households')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.count<number>('village_code').distinct().as('villages')])
    .where((eb) => withinRegion(eb, 'village_code', regionCode))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { count: Number(row.count), villages: Number(row.villages) }
}
