import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { migrateToLatest } from '../../server/src/db/migrator'
import { regionCodeRange } from '../../server/src/db/regionRange'
import { createFieldCipher } from '../../server/src/crypto/fieldCipher'
import { verifyAuditChain } from '../../server/src/modules/audit/verify'
import { seedDemo } from '../../server/src/demo/seedDemo'
import { DEMO_VILLAGE } from '../../server/src/demo/plan'
import { BackupError } from '../../server/src/backup/backup'
import { offboardRegion, type OffboardDeps } from '../../server/src/backup/offboard'
import { databases } from './harness'
import { newPlace, snapshotOf, type Place } from './places'
import { countyCodeOf } from '../../src/core/regions'

const NOW = new Date('2026-11-15T02:00:00.000Z')
type Row = Record<string, unknown>

function inRegion(code: unknown, region: string): boolean {
  const { from, below } = regionCodeRange(region)
  return typeof code === 'string' && code >= from && (below === null || code < below)
}

describe.each(databases())('offboarding a region on %s', (dialect) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-offboard-'))
  const cipher = createFieldCipher(crypto.randomBytes(32))
  let place: Place
  let deps: OffboardDeps
  let close: () => Promise<void>
  const uploadFile = 'uploads/offboard-test.jpg'

  beforeAll(async () => {
    place = await newPlace(dialect, root)
    const database = place.open()
    close = () => database.close()
    await migrateToLatest(database.db, database.dialect)
    await seedDemo({ config: { production: false }, database, cipher, now: () => NOW })
    const db = database.db
    // What the demo leaves out in its main village: a case, an activity, facts, a stored screenshot.
    const household = await db.selectFrom('households').select('id').where('village_code', '=', DEMO_VILLAGE).limit(1).executeTakeFirstOrThrow()
    await db
      .insertInto('cases')
      .values({ id: 'case-offboard', village_code: DEMO_VILLAGE, county_code: countyCodeOf(DEMO_VILLAGE), occurred_on: '2026-10-01', kind: 'incident', fraud_type: 'other', loss_yuan: 100, victim_age_band: '60_plus', note: null, created_by: null, created_at: NOW.toISOString() })
      .execute()
    await db
      .insertInto('activities')
      .values({ id: 'act-offboard', region_code: DEMO_VILLAGE, county_code: countyCodeOf(DEMO_VILLAGE), occurred_on: '2026-10-02', title: '村口宣讲', kind: 'lecture', participants: 30, created_by: 'x', created_at: NOW.toISOString() })
      .execute()
    await db
      .insertInto('village_facts')
      .values({ village_code: DEMO_VILLAGE, county_code: countyCodeOf(DEMO_VILLAGE), volunteer_team: 1, warnings_received: 2, warnings_followed_up: 2, updated_by: 'x', updated_at: NOW.toISOString() })
      .execute()
    fs.mkdirSync(path.join(place.target.dataDir, 'uploads'), { recursive: true })
    fs.writeFileSync(path.join(place.target.dataDir, uploadFile), 'jpeg')
    await db
      .insertInto('uploads')
      .values({ id: 'up-offboard', owner_openid: 'o1', path: uploadFile, sha256: 'a'.repeat(64), size: 4, mime: 'image/jpeg', household_id: household.id, created_at: NOW.toISOString(), check_trace_id: null, check_requested_at: null, purged_at: null })
      .execute()
    deps = { db, dialect: database.dialect, cipher, dataDir: place.target.dataDir, now: () => NOW }
  }, 180_000)

  afterAll(async () => {
    await close()
    await place.drop()
    fs.rmSync(root, { recursive: true, force: true })
  })

  test.each([
    ['no region', '141002102999'],
    ['not digits', "1410' or 1=1"],
    ['a city (the whole installation)', '1410']
  ])('refuses %s and changes nothing', async (_name, code) => {
    const before = await snapshotOf(place)
    const out = path.join(root, `${crypto.randomUUID()}.xlsx`)
    await expect(offboardRegion(deps, code, out)).rejects.toBeInstanceOf(BackupError)
    expect(fs.existsSync(out)).toBe(false)
    expect(await snapshotOf(place)).toEqual(before)
  })

  test('without the data key of the stored phone numbers it exports nothing and deletes nothing', async () => {
    const before = await snapshotOf(place)
    const out = path.join(root, 'no-key.xlsx')
    await expect(offboardRegion({ ...deps, cipher: null }, DEMO_VILLAGE, out)).rejects.toThrow('数据密钥')
    expect(fs.existsSync(out)).toBe(false)
    expect(await snapshotOf(place)).toEqual(before)
  })

  test('a deletion failing half-way rolls every deletion back: one transaction', async () => {
    // Households are deleted after members, visits, certifications…: make that step fail.
    const stop =
      dialect === 'sqlite'
        ? [sql`create trigger offboard_stop before delete on households begin select raise(abort, 'stop'); end`]
        : [
            sql`create function offboard_stop() returns trigger language plpgsql as $$ begin raise exception 'stop'; end $$`,
            sql`create trigger offboard_stop before delete on households for each row execute function offboard_stop()`
          ]
    for (const statement of stop) await statement.execute(deps.db)
    try {
      const before = await snapshotOf(place)
      const out = path.join(root, 'rolled-back.xlsx')
      await expect(offboardRegion(deps, DEMO_VILLAGE, out)).rejects.toThrow('删除失败（已回滚，数据库未改动）')
      expect(await snapshotOf(place)).toEqual(before)
      expect(fs.existsSync(path.join(place.target.dataDir, uploadFile))).toBe(true)
    } finally {
      await sql`drop trigger offboard_stop ${dialect === 'postgres' ? sql`on households` : sql``}`.execute(deps.db)
      if (dialect === 'postgres') await sql`drop function offboard_stop()`.execute(deps.db)
    }
  })

  test('exports the village, then deletes exactly its rows; other regions are untouched and the audit chain verifies', async () => {
    const before = await snapshotOf(place)
    const parsed = (table: string): Row[] => before[table].map((text) => JSON.parse(text) as Row)
    const households = new Set(parsed('households').filter((h) => inRegion(h.village_code, DEMO_VILLAGE)).map((h) => h.id))
    const grids = new Set(parsed('grids').filter((g) => inRegion(g.village_code, DEMO_VILLAGE)).map((g) => g.id))
    const staff = new Set(parsed('users').filter((u) => inRegion(u.scope_region_code, DEMO_VILLAGE)).map((u) => u.id))
    const invites = new Set(parsed('invites').filter((i) => households.has(i.household_id)).map((i) => i.token_hash))
    const liveMembers = parsed('members').filter((m) => households.has(m.household_id) && m.deleted_at === null)
    expect({ households: households.size > 0, grids: grids.size > 0, staff: staff.size > 0, invites: invites.size > 0 }).toEqual({
      households: true,
      grids: true,
      staff: true,
      invites: true
    })
    /** Which rows the village owns, table by table; a table not named here must come out unchanged. */
    const owned: Record<string, (row: Row) => boolean> = {
      households: (r) => inRegion(r.village_code, DEMO_VILLAGE),
      members: (r) => households.has(r.household_id),
      visits: (r) => households.has(r.household_id),
      certifications: (r) => households.has(r.household_id),
      invites: (r) => households.has(r.household_id),
      uploads: (r) => households.has(r.household_id),
      grids: (r) => grids.has(r.id),
      user_grids: (r) => grids.has(r.grid_id) || staff.has(r.user_id),
      users: (r) => staff.has(r.id),
      sessions: (r) => staff.has(r.user_id) || invites.has(r.invite_token_hash),
      mutations: (r) => staff.has(r.user_id),
      staff_invites: (r) => inRegion(r.scope_region_code, DEMO_VILLAGE),
      change_log: (r) => inRegion(r.village_code, DEMO_VILLAGE),
      record_history: (r) => grids.has(r.grid_id),
      phone_check_failures: (r) => typeof r.failure_key === 'string' && invites.has(r.failure_key.replace(/^invite:/, '')),
      cases: (r) => inRegion(r.village_code, DEMO_VILLAGE),
      activities: (r) => inRegion(r.region_code, DEMO_VILLAGE),
      village_facts: (r) => inRegion(r.village_code, DEMO_VILLAGE),
      village_daily: (r) => inRegion(r.village_code, DEMO_VILLAGE),
      village_tallies: (r) => inRegion(r.village_code, DEMO_VILLAGE),
      village_birth_year_tallies: (r) => inRegion(r.village_code, DEMO_VILLAGE)
    }

    const out = path.join(root, 'village.xlsx')
    const report = await offboardRegion(deps, DEMO_VILLAGE, out)
    const after = await snapshotOf(place)

    for (const table of Object.keys(before)) {
      if (table === 'audit_log') continue
      const keep = owned[table] ?? (() => false)
      const expected = before[table].filter((text) => !keep(JSON.parse(text) as Row))
      expect({ table, rows: after[table] }).toEqual({ table, rows: expected })
      if (owned[table]) expect({ table, deleted: report.deleted[table] }).toEqual({ table, deleted: before[table].length - expected.length })
    }
    for (const table of ['households', 'members', 'visits', 'grids', 'users', 'cases', 'activities', 'village_facts', 'village_daily', 'village_tallies', 'uploads', 'change_log']) {
      expect({ table, deleted: report.deleted[table] > 0 }).toEqual({ table, deleted: true })
    }
    expect(fs.existsSync(path.join(place.target.dataDir, uploadFile))).toBe(false)

    // The audit log kept every row and gained one: region.offboard with the counts and the file's hash.
    // (Snapshot rows are sorted as text, so "479" sorts before "48": compare as sets.)
    const kept = new Set(after.audit_log)
    expect(before.audit_log.filter((row) => !kept.has(row))).toEqual([])
    expect(after.audit_log).toHaveLength(before.audit_log.length + 1)
    const database = place.open()
    try {
      const verification = await verifyAuditChain(database.db)
      expect(verification).toMatchObject({ ok: true, rows: before.audit_log.length + 1 })
      const last = await database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
      expect(last).toMatchObject({ action: 'region.offboard', target: `region/${DEMO_VILLAGE}`, result: 'success' })
      const details = JSON.parse(last.details) as { deleted: Record<string, number>; workbookSha256: string }
      expect(details.deleted).toEqual(report.deleted)
      expect(details.workbookSha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(out)).digest('base64'))
    } finally {
      await database.close()
    }

    // The workbook: private, every live member with the full phone number and no full ID number.
    expect(fs.statSync(out).mode & 0o777).toBe(0o600)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(out)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['说明', '住户', '成员', '走访记录', '涉诈案件', '宣传活动'])
    const members = workbook.getWorksheet('成员')!
    expect(members.rowCount - 1).toBe(liveMembers.length)
    expect(report.exported.members).toBe(liveMembers.length)
    const header = (members.getRow(1).values as string[]).slice(1)
    const column = (name: string) => header.indexOf(name) + 1
    const phones = new Set(liveMembers.filter((m) => m.phone_enc).map((m) => cipher.decrypt(m.phone_enc as string)))
    const shown = new Set<string>()
    members.eachRow((row, index) => {
      const phone = row.getCell(column('手机号')).text
      if (index > 1 && phone) shown.add(phone)
    })
    expect(phones.size).toBeGreaterThan(0)
    expect(shown).toEqual(phones)
    expect(workbook.getWorksheet('住户')!.rowCount - 1).toBe(report.exported.households)
    expect(workbook.getWorksheet('走访记录')!.rowCount - 1).toBe(report.exported.visits)
    expect(workbook.getWorksheet('涉诈案件')!.getRow(2).getCell(4).text).toBe('其他')
    expect(workbook.getWorksheet('宣传活动')!.getRow(2).getCell(3).text).toBe('村口宣讲')
  })
})
