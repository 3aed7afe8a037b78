import ExcelJS from 'exceljs'
import type { Dashboard, HouseholdSummary, MemberView } from '../../../../src/core/api'
import { APP_STATUS_LABELS, EVIDENCE_LABELS } from '../../../../src/core/appStatus'
import { GENDER_LABELS, PRIORITY_TAG_LABELS, SMARTPHONE_LABELS } from '../../../../src/core/member'
import { CST_OFFSET_MS } from '../../../../src/core/period'

/** What every export says above its header: where the figures come from, so a printed sheet explains itself. */
export interface ExportNote {
  parts: string[]
}

/** A household and its live members, as the API shows them to staff (masked numbers, no ID numbers). */
export interface RosterHousehold {
  summary: HouseholdSummary
  gridName: string
  members: MemberView[]
}

const STATUS_LABELS: Record<string, string> = {
  certified: '达标',
  in_progress: '创建中',
  vetoed: '一票否决',
  not_started: '未开始'
}

const HOUSEHOLD_COLUMNS = [
  { header: '网格', key: 'grid', width: 14 },
  { header: '地址', key: 'address', width: 28 },
  { header: '户主', key: 'head', width: 10 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '性别', key: 'gender', width: 6 },
  { header: '出生年份', key: 'birthYear', width: 10 },
  { header: '与户主关系', key: 'relation', width: 10 },
  { header: '手机号（已脱敏）', key: 'phone', width: 16 },
  { header: '有无智能手机', key: 'smartphone', width: 12 },
  { header: '外出地点', key: 'away', width: 14 },
  { header: '重点人群标签', key: 'tags', width: 18 },
  { header: 'APP状态', key: 'appStatus', width: 14 },
  { header: '来电预警', key: 'alertsOn', width: 10 },
  { header: '核实方式', key: 'evidence', width: 10 },
  { header: '最近走访', key: 'lastVisit', width: 18 }
]

const VILLAGE_COLUMNS = [
  { header: '区划代码', key: 'code', width: 16 },
  { header: '村社区', key: 'name', width: 22 },
  { header: '得分', key: 'points', width: 8 },
  { header: '状态', key: 'status', width: 10 },
  { header: '反诈APP注册率', key: 'appCoverage', width: 14 },
  { header: '入户宣传覆盖率', key: 'visitCoverage', width: 14 }
]

/** The village's roster: one row per live member (a household without members gets one row of its own). */
export async function householdsWorkbook(note: ExportNote, households: ReadonlyArray<RosterHousehold>): Promise<Buffer> {
  const { workbook, sheet } = sheetWithNote('住户名单', note, HOUSEHOLD_COLUMNS)
  for (const household of households) {
    const common = {
      grid: household.gridName,
      address: household.summary.addressText,
      head: household.summary.headNameMasked,
      lastVisit: household.summary.lastVisitAt ? chinaTime(household.summary.lastVisitAt) : ''
    }
    if (household.members.length === 0) sheet.addRow(common)
    for (const member of household.members) sheet.addRow({ ...common, ...memberColumns(member) })
  }
  return toBuffer(workbook)
}

/** The village summary of a region's dashboard: the same points, statuses and rates as the dashboard. */
export async function villagesWorkbook(note: ExportNote, dashboard: Dashboard): Promise<Buffer> {
  const { workbook, sheet } = sheetWithNote('村社区汇总', note, VILLAGE_COLUMNS)
  for (const village of dashboard.villages) {
    // Typed wide: a village with no households has no points (API.md).
    const points: number | null = village.points
    sheet.addRow({
      code: village.code,
      name: village.name,
      points: points ?? '',
      status: STATUS_LABELS[village.status] ?? village.status,
      appCoverage: village.appCoverage,
      visitCoverage: village.visitCoverage
    })
  }
  for (const key of ['appCoverage', 'visitCoverage']) sheet.getColumn(key).numFmt = '0.0%'
  return toBuffer(workbook)
}

function memberColumns(member: MemberView): Record<string, string | number> {
  return {
    name: member.name,
    gender: GENDER_LABELS[member.gender],
    birthYear: member.birthYear ?? '',
    relation: member.relation ?? '',
    phone: member.phoneMasked ?? '',
    smartphone: SMARTPHONE_LABELS[member.smartphone],
    away: member.away?.place ?? '',
    tags: member.tags.map((tag) => PRIORITY_TAG_LABELS[tag]).join('、'),
    appStatus: member.app ? APP_STATUS_LABELS[member.app.status] : '未登记',
    alertsOn: member.app ? (member.app.alertsOn ? '已开启' : '未开启') : '',
    evidence: member.app ? EVIDENCE_LABELS[member.app.evidence] : ''
  }
}

/**
 * Row 1: the note (region, period, rule set…) merged across the columns; row 2: the Chinese headers,
 * frozen with the note so they stay in view.
 */
function sheetWithNote(name: string, note: ExportNote, columns: ReadonlyArray<{ header: string; key: string; width: number }>) {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '无诈社区'
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] })
  sheet.columns = columns.map((column) => ({ key: column.key, width: column.width }))
  sheet.addRow([note.parts.join('　')])
  sheet.mergeCells(1, 1, 1, columns.length)
  sheet.addRow(columns.map((column) => column.header)).font = { bold: true }
  return { workbook, sheet }
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** An instant as China time, YYYY-MM-DD HH:mm. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}
