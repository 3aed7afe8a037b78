import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { DialectName } from '../db/database'
import { withinRegion } from '../db/regionRange'
import { AuditLog } from '../modules/audit/auditLog'
import type { FieldCipher } from '../crypto/fieldCipher'
import { APP_STATUS_LABELS, EVIDENCE_LABELS, type AppStatusValue, type Evidence } from '../../../src/core/appStatus'
import { GENDER_LABELS, PRIORITY_TAG_LABELS, SMARTPHONE_LABELS, type Gender, type PriorityTag, type SmartphoneAnswer } from '../../../src/core/member'
import { VISIT_ACTION_LABELS, VISIT_KIND_LABELS, type VisitAction, type VisitKind } from '../../../src/core/visit'
import { ACTIVITY_KIND_LABELS, CASE_KIND_LABELS, type ActivityKind } from '../../../src/core/campaign'
import { AGE_BAND_LABELS, FRAUD_TYPE_LABELS, type AgeBand, type CaseKind, type FraudType } from '../../../src/core/fraud'
import { maskIdNumber } from '../../../src/core/idNumber'
import { CST_OFFSET_MS } from '../../../src/core/period'
import { BackupError } from './backup'

/** Contracts are made by a county, a township or a village; a whole city is the whole installation. */
const OFFBOARD_LEVELS = ['county', 'township', 'village']

export interface OffboardDeps {
  db: Kysely<Database>
  dialect: DialectName
  /** Null when the installation has no data key yet (then it holds no encrypted numbers). */
  cipher: FieldCipher | null
  /** Where uploaded screenshots live (WUZHA_DATA_DIR). */
  dataDir: string
  now: () => Date
}

export interface OffboardReport {
  region: { code: string; name: string; level: string }
  /** Rows deleted, per table. */
  deleted: Record<string, number>
  /** Rows in the workbook, per sheet. */
  exported: { households: number; members: number; visits: number; cases: number; activities: number }
  /** SHA-256 of the workbook, base64 (`openssl dgst -sha256 -binary <file> | base64`). */
  workbookSha256: string
}

/**
 * When a county's, township's or village's contract ends: writes its records to a workbook for the
 * contracting government, then deletes every row the region owns in one transaction, audited as
 * `region.offboard` with the counts and the workbook's SHA-256. The workbook is complete before anything
 * is deleted, so a failed export deletes nothing. The regions themselves (reference data) and the
 * audit log stay.
 */
export async function offboardRegion(deps: OffboardDeps, regionCode: string, out: string): Promise<OffboardReport> {
  const region = /^\d{2,12}$/.test(regionCode)
    ? await deps.db.selectFrom('regions').select(['code', 'name', 'level']).where('code', '=', regionCode).executeTakeFirst()
    : undefined
  if (!region) throw new BackupError(`${regionCode} 不是已导入的区划代码`, `${regionCode} is not a known region code`)
  if (!OFFBOARD_LEVELS.includes(region.level)) {
    throw new BackupError(`${region.name}（${region.code}）不是县区、乡镇街道或村社区，不能注销`, 'only a county, township or village can be offboarded')
  }
  if (fs.existsSync(out)) throw new BackupError(`文件 ${out} 已存在，请换一个文件名`, `${out} exists; choose another name`)
  const partial = `${out}.partial`
  let exported: OffboardReport['exported']
  try {
    exported = await writeWorkbook(deps, region, partial)
    fs.renameSync(partial, out)
  } finally {
    fs.rmSync(partial, { force: true })
  }
  // Base64, not hex: a hex digest can hold a run of digits shaped like a phone number, which the audit log refuses.
  const workbookSha256 = crypto.createHash('sha256').update(fs.readFileSync(out)).digest('base64')
  let removed: Awaited<ReturnType<typeof deleteRegion>>
  try {
    removed = await deleteRegion(deps, region, workbookSha256)
  } catch (error) {
    throw new BackupError(
      `导出已完成，但删除失败（已回滚，数据库未改动）：${error instanceof Error ? error.message : String(error)}。${out} 可删除后重新运行`,
      'the export succeeded but the deletion failed and was rolled back'
    )
  }
  const { deleted, files } = removed
  // Files after the commit: a rolled-back delete must not have lost a screenshot its row still names.
  for (const file of files) fs.rmSync(path.join(deps.dataDir, file), { force: true })
  return { region, deleted, exported, workbookSha256 }
}

type Region = { code: string; name: string; level: string }

async function deleteRegion(deps: OffboardDeps, region: Region, workbookSha256: string): Promise<{ deleted: Record<string, number>; files: string[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const households = trx.selectFrom('households').select('id').where((eb) => withinRegion(eb, 'village_code', region.code))
    const grids = trx.selectFrom('grids').select('id').where((eb) => withinRegion(eb, 'village_code', region.code))
    const staff = trx.selectFrom('users').select('id').where((eb) => withinRegion(eb, 'scope_region_code', region.code))
    const invites = trx.selectFrom('invites').select('token_hash').where('household_id', 'in', households)
    const files = (await trx.selectFrom('uploads').select('path').where('household_id', 'in', households).where('path', '!=', '').execute()).map((row) => row.path)
    const deleted: Record<string, number> = {}
    const count = async (table: string, query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) => {
      deleted[table] = (deleted[table] ?? 0) + Number((await query.executeTakeFirst()).numDeletedRows)
    }
    // Children before parents; what refers to invitations, grids and staff before them.
    await count('sessions', trx.deleteFrom('sessions').where((eb) => eb.or([eb('user_id', 'in', staff), eb('invite_token_hash', 'in', invites)])))
    await count(
      'phone_check_failures',
      trx.deleteFrom('phone_check_failures').where(
        'failure_key',
        'in',
        trx.selectFrom('invites').select(sql<string>`'invite:' || token_hash`.as('key')).where('household_id', 'in', households)
      )
    )
    await count('certifications', trx.deleteFrom('certifications').where('household_id', 'in', households))
    await count('uploads', trx.deleteFrom('uploads').where('household_id', 'in', households))
    await count('invites', trx.deleteFrom('invites').where('household_id', 'in', households))
    await count('visits', trx.deleteFrom('visits').where('household_id', 'in', households))
    await count('members', trx.deleteFrom('members').where('household_id', 'in', households))
    await count('record_history', trx.deleteFrom('record_history').where('grid_id', 'in', grids))
    await count('change_log', trx.deleteFrom('change_log').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await count('households', trx.deleteFrom('households').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await count('user_grids', trx.deleteFrom('user_grids').where((eb) => eb.or([eb('grid_id', 'in', grids), eb('user_id', 'in', staff)])))
    await count('grids', trx.deleteFrom('grids').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await count('mutations', trx.deleteFrom('mutations').where('user_id', 'in', staff))
    await count('staff_invites', trx.deleteFrom('staff_invites').where((eb) => withinRegion(eb, 'scope_region_code', region.code)))
    await count('users', trx.deleteFrom('users').where((eb) => withinRegion(eb, 'scope_region_code', region.code)))
    await count('cases', trx.deleteFrom('cases').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await count('activities', trx.deleteFrom('activities').where((eb) => withinRegion(eb, 'region_code', region.code)))
    await count('village_facts', trx.deleteFrom('village_facts').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await count('village_daily', trx.deleteFrom('village_daily').where((eb) => withinRegion(eb, 'village_code', region.code)))
    // The dashboard's tallies of the region's villages: left behind they would still count in the city's figures.
    await count('village_tallies', trx.deleteFrom('village_tallies').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await count('village_birth_year_tallies', trx.deleteFrom('village_birth_year_tallies').where((eb) => withinRegion(eb, 'village_code', region.code)))
    await new AuditLog(deps.dialect, deps.now).record(trx, {
      actor: null,
      action: 'region.offboard',
      target: `region/${region.code}`,
      result: 'success',
      details: { deleted, workbookSha256 }
    })
    return { deleted, files }
  })
}

// --- The workbook ---------------------------------------------------------------------------------

const HOUSEHOLD_COLUMNS = [
  { header: '户编号', key: 'id', width: 38 },
  { header: '村社区', key: 'village', width: 20 },
  { header: '网格', key: 'grid', width: 14 },
  { header: '地址', key: 'address', width: 28 },
  { header: '备注', key: 'note', width: 24 },
  { header: '登记时间', key: 'createdAt', width: 18 },
  { header: '更新时间', key: 'updatedAt', width: 18 }
]

const MEMBER_COLUMNS = [
  { header: '户编号', key: 'householdId', width: 38 },
  { header: '地址', key: 'address', width: 28 },
  { header: '户主', key: 'head', width: 6 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '性别', key: 'gender', width: 6 },
  { header: '出生年份', key: 'birthYear', width: 10 },
  { header: '与户主关系', key: 'relation', width: 10 },
  { header: '手机号', key: 'phone', width: 14 },
  { header: '身份证号（已脱敏）', key: 'idNumber', width: 22 },
  { header: '有无智能手机', key: 'smartphone', width: 12 },
  { header: '外出地点', key: 'away', width: 14 },
  { header: '重点人群标签', key: 'tags', width: 18 },
  { header: 'APP状态', key: 'appStatus', width: 14 },
  { header: '来电预警', key: 'alertsOn', width: 10 },
  { header: '核实方式', key: 'evidence', width: 10 },
  { header: 'APP状态更新时间', key: 'appUpdatedAt', width: 18 }
]

const VISIT_COLUMNS = [
  { header: '户编号', key: 'householdId', width: 38 },
  { header: '地址', key: 'address', width: 28 },
  { header: '走访时间', key: 'at', width: 18 },
  { header: '方式', key: 'kind', width: 8 },
  { header: '宣传内容', key: 'actions', width: 30 },
  { header: '备注', key: 'note', width: 24 },
  { header: '网格员', key: 'worker', width: 10 }
]

const CASE_COLUMNS = [
  { header: '村社区', key: 'village', width: 20 },
  { header: '发生日期', key: 'occurredOn', width: 12 },
  { header: '类别', key: 'kind', width: 12 },
  { header: '诈骗类型', key: 'fraudType', width: 14 },
  { header: '损失（元）', key: 'loss', width: 12 },
  { header: '受害人年龄段', key: 'ageBand', width: 12 },
  { header: '备注', key: 'note', width: 30 }
]

const ACTIVITY_COLUMNS = [
  { header: '区划', key: 'region', width: 20 },
  { header: '日期', key: 'occurredOn', width: 12 },
  { header: '名称', key: 'title', width: 24 },
  { header: '类别', key: 'kind', width: 12 },
  { header: '参加人数', key: 'participants', width: 10 }
]

/** Rows read at a time, so a county's roster streams through instead of sitting in memory. */
const PAGE = 2000

/**
 * Live households, their live members and visits, cases and activities, streamed to the file. Names and
 * phone numbers are in full: the government is the controller handing its own roster back (PIPL art.
 * 21). ID numbers stay masked: the app never needs them and the full number is the one value a copied
 * spreadsheet should not carry (docs/architecture.md, "Offboarding").
 */
async function writeWorkbook(deps: OffboardDeps, region: Region, file: string): Promise<OffboardReport['exported']> {
  const { db } = deps
  fs.closeSync(fs.openSync(file, 'wx', 0o600))
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false })
  workbook.creator = '无诈社区'
  const regionNames = new Map(
    (await db.selectFrom('regions').select(['code', 'name']).where((eb) => withinRegion(eb, 'code', region.code)).execute()).map((r) => [r.code, r.name])
  )
  const gridNames = new Map(
    (await db.selectFrom('grids').select(['id', 'name']).where((eb) => withinRegion(eb, 'village_code', region.code)).execute()).map((g) => [g.id, g.name])
  )
  const workerNames = new Map((await db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]))
  const exported = { households: 0, members: 0, visits: 0, cases: 0, activities: 0 }

  const summary = workbook.addWorksheet('说明')
  // Streamed sheets write their column widths with the first row: set before any.
  summary.columns = [{ key: 'text', width: 100 }]
  const householdSheet = sheet(workbook, '住户', HOUSEHOLD_COLUMNS)
  const memberSheet = sheet(workbook, '成员', MEMBER_COLUMNS)
  const visitSheet = sheet(workbook, '走访记录', VISIT_COLUMNS)

  let after = ''
  for (;;) {
    const page = await db
      .selectFrom('households')
      .select(['id', 'village_code', 'grid_id', 'address_line', 'note', 'created_at', 'updated_at'])
      .where((eb) => withinRegion(eb, 'village_code', region.code))
      .where('deleted_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()
    if (page.length === 0) break
    after = page[page.length - 1].id
    const ids = page.map((h) => h.id)
    const addresses = new Map(page.map((h) => [h.id, h.address_line]))
    for (const h of page) {
      householdSheet
        .addRow({
          id: h.id,
          village: regionNames.get(h.village_code) ?? h.village_code,
          grid: gridNames.get(h.grid_id) ?? '',
          address: h.address_line,
          note: h.note ?? '',
          createdAt: chinaTime(h.created_at),
          updatedAt: chinaTime(h.updated_at)
        })
        .commit()
    }
    const members = await db.selectFrom('members').selectAll().where('household_id', 'in', ids).where('deleted_at', 'is', null).orderBy('household_id').orderBy('is_head', 'desc').execute()
    for (const m of members) {
      memberSheet
        .addRow({
          householdId: m.household_id,
          address: addresses.get(m.household_id),
          head: m.is_head ? '是' : '',
          name: m.name,
          gender: GENDER_LABELS[m.gender as Gender] ?? m.gender,
          birthYear: m.birth_year ?? '',
          relation: m.relation ?? '',
          phone: m.phone_enc ? decrypt(deps.cipher, m.phone_enc) : '',
          idNumber: m.id_number_enc ? maskIdNumber(decrypt(deps.cipher, m.id_number_enc)) : '',
          smartphone: SMARTPHONE_LABELS[m.smartphone as SmartphoneAnswer] ?? m.smartphone,
          away: m.away_place ?? '',
          tags: (JSON.parse(m.tags) as PriorityTag[]).map((tag) => PRIORITY_TAG_LABELS[tag] ?? tag).join('、'),
          appStatus: m.app_status ? (APP_STATUS_LABELS[m.app_status as AppStatusValue] ?? m.app_status) : '未登记',
          alertsOn: m.app_alerts_on === null ? '' : m.app_alerts_on ? '已开启' : '未开启',
          evidence: m.app_evidence ? (EVIDENCE_LABELS[m.app_evidence as Evidence] ?? m.app_evidence) : '',
          appUpdatedAt: m.app_updated_at ? chinaTime(m.app_updated_at) : ''
        })
        .commit()
    }
    const visits = await db.selectFrom('visits').selectAll().where('household_id', 'in', ids).orderBy('household_id').orderBy('at').execute()
    for (const v of visits) {
      visitSheet
        .addRow({
          householdId: v.household_id,
          address: addresses.get(v.household_id),
          at: chinaTime(v.at),
          kind: VISIT_KIND_LABELS[v.kind as VisitKind] ?? v.kind,
          actions: (JSON.parse(v.actions) as VisitAction[]).map((action) => VISIT_ACTION_LABELS[action] ?? action).join('、'),
          note: v.note ?? '',
          worker: workerNames.get(v.worker_id) ?? ''
        })
        .commit()
    }
    exported.households += page.length
    exported.members += members.length
    exported.visits += visits.length
  }

  const caseSheet = sheet(workbook, '涉诈案件', CASE_COLUMNS)
  const cases = await db.selectFrom('cases').selectAll().where((eb) => withinRegion(eb, 'village_code', region.code)).orderBy('occurred_on').execute()
  for (const c of cases) {
    caseSheet
      .addRow({
        village: regionNames.get(c.village_code) ?? c.village_code,
        occurredOn: c.occurred_on,
        kind: CASE_KIND_LABELS[c.kind as CaseKind] ?? c.kind,
        fraudType: FRAUD_TYPE_LABELS[c.fraud_type as FraudType] ?? c.fraud_type,
        loss: c.loss_yuan ?? '',
        ageBand: c.victim_age_band ? (AGE_BAND_LABELS[c.victim_age_band as AgeBand] ?? c.victim_age_band) : '',
        note: c.note ?? ''
      })
      .commit()
  }
  const activitySheet = sheet(workbook, '宣传活动', ACTIVITY_COLUMNS)
  const activities = await db.selectFrom('activities').selectAll().where((eb) => withinRegion(eb, 'region_code', region.code)).orderBy('occurred_on').execute()
  for (const a of activities) {
    activitySheet
      .addRow({
        region: regionNames.get(a.region_code) ?? a.region_code,
        occurredOn: a.occurred_on,
        title: a.title,
        kind: ACTIVITY_KIND_LABELS[a.kind as ActivityKind] ?? a.kind,
        participants: a.participants
      })
      .commit()
  }
  exported.cases = cases.length
  exported.activities = activities.length

  for (const line of [
    [`${region.name}（${region.code}）无诈社区数据移交`],
    [`导出时间（北京时间）：${chinaTime(deps.now().toISOString())}`],
    [`住户 ${exported.households} 户，成员 ${exported.members} 人，走访记录 ${exported.visits} 条，涉诈案件 ${exported.cases} 条，宣传活动 ${exported.activities} 条`],
    ['本文件含个人信息（姓名、手机号），请通过安全渠道移交，移交后在服务器上删除；身份证号已脱敏；已删除的住户和成员不在其中。'],
    ['导出后，系统中该区划的上述数据及其网格、工作人员账号、邀请码、居民认证和截图已全部删除，审计日志保留操作记录（region.offboard）。']
  ]) {
    summary.addRow(line).commit()
  }
  summary.commit()
  await workbook.commit()
  fs.chmodSync(file, 0o600)
  return exported
}

function sheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: ReadonlyArray<{ header: string; key: string; width: number }>) {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  worksheet.columns = columns.map((column) => ({ header: column.header, key: column.key, width: column.width }))
  worksheet.getRow(1).font = { bold: true }
  return worksheet
}

function decrypt(cipher: FieldCipher | null, stored: string): string {
  if (!cipher) throw new BackupError('数据库中有加密的手机号或身份证号，但找不到数据密钥（WUZHA_DATA_KEY 或 data.key），未做任何改动', 'no data key for the encrypted columns; nothing was changed')
  return cipher.decrypt(stored)
}

/** An instant as China time, YYYY-MM-DD HH:mm. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}
