import type { Kysely } from 'kysely'
import type { Database, MemberRow } from '../../db/schema'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { compareMembers } from '../../../../src/core/householdSummary'
import { CST_OFFSET_MS, yearInChina } from '../../../../src/core/period'
import type { StaffPrincipal } from '../../access/principal'
import { notFound } from '../../errors'
import type { AuditLog } from '../audit/auditLog'
import type { DashboardService } from '../dashboard/service'
import { memberViewOf, namesFor, summaryOf } from '../households/service'
import { MemberRepository } from '../households/memberRepository'
import { VisitRepository } from '../households/visitRepository'
import { RegionRepository } from '../regions/regionRepository'
import { householdsWorkbook, villagesWorkbook, type RosterHousehold } from './workbooks'

/** Households read at a time: keeps each `in (…)` list far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500

export interface ExportFile {
  /** The Chinese name the file is saved under. */
  filename: string
  /** For clients that do not read RFC 5987's filename*. */
  asciiFilename: string
  body: Buffer
}

/**
 * Excel for superiors (issue #9 point 6). Each export is written to the audit log (who, what, how many
 * rows) before the file leaves; its content is what the API shows the same caller — numbers masked, no
 * ID numbers — so a file adds no access the caller did not already have.
 */
export class ExportService {
  private readonly regions: RegionRepository
  private readonly members: MemberRepository
  private readonly visits: VisitRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
    private readonly auditLog: AuditLog,
    private readonly dashboards: DashboardService,
    private readonly now: () => Date
  ) {
    this.regions = new RegionRepository(db)
    this.members = new MemberRepository(db)
    this.visits = new VisitRepository(db)
  }

  async households(staff: StaffPrincipal, villageCode: string): Promise<ExportFile> {
    const village = /^\d{12}$/.test(villageCode) ? await this.regions.findVisible(villageCode, staff.scope) : undefined
    if (!village || village.level !== 'village') throw notFound('村社区')
    const households = await this.roster(staff, villageCode)
    const memberRows = households.reduce((sum, household) => sum + Math.max(1, household.members.length), 0)
    const note = { parts: [`村社区：${village.name}（${village.code}）`, `户数：${households.length}`, '手机号已脱敏，不含身份证号', `导出时间：${this.exportedAt()}`] }
    const body = await householdsWorkbook(note, households)
    await this.audit(staff, 'export.households', `village/${villageCode}`, { households: households.length, rows: memberRows })
    return { filename: `${village.name}住户名单.xlsx`, asciiFilename: `households-${village.code}.xlsx`, body }
  }

  async villages(staff: StaffPrincipal, regionCode: string, period: string | undefined): Promise<ExportFile> {
    const dashboard = await this.dashboards.build(staff.scope, regionCode, period)
    // The version the figures were scored with, as the dashboard names it.
    const rules = dashboard.ruleSet
    const note = {
      parts: [
        `地区：${dashboard.region.name}（${dashboard.region.code}）`,
        `统计周期：${dashboard.period}`,
        `评分规则：第${rules.version}版`,
        `导出时间：${this.exportedAt()}`
      ]
    }
    const body = await villagesWorkbook(note, dashboard)
    await this.audit(staff, 'export.villages', `region/${dashboard.region.code}`, { period: dashboard.period, ruleSet: `${rules.id}@${rules.version}`, villages: dashboard.villages.length })
    return { filename: `${dashboard.region.name}${dashboard.period}村社区汇总.xlsx`, asciiFilename: `villages-${dashboard.region.code}-${asciiPeriod(dashboard.period)}.xlsx`, body }
  }

  /**
   * Every live household of the village in the list's order, with its live members in the household page's
   * order, named as the household page names them to this staff member (namesFor).
   */
  private async roster(staff: StaffPrincipal, villageCode: string): Promise<RosterHousehold[]> {
    const rows = await this.db
      .selectFrom('households as h')
      .innerJoin('grids as g', 'g.id', 'h.grid_id')
      .selectAll('h')
      .select('g.name as grid_name')
      .where('h.village_code', '=', villageCode)
      .where('h.deleted_at', 'is', null)
      .orderBy('h.address_sort')
      .orderBy('h.id')
      .execute()
    const year = yearInChina(this.now())
    const result: RosterHousehold[] = []
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK)
      const ids = chunk.map((row) => row.id)
      const members = groupByHousehold(await this.members.listByHouseholds(ids))
      const lastVisits = await this.visits.lastVisitAt(ids)
      for (const row of chunk) {
        const own = members.get(row.id) ?? []
        result.push({
          summary: summaryOf(row, own, lastVisits.get(row.id) ?? null, year),
          gridName: row.grid_name,
          members: namesFor(staff, own.map((member) => memberViewOf(member, this.cipher)).sort(compareMembers))
        })
      }
    }
    return result
  }

  private async audit(staff: StaffPrincipal, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute((trx) =>
      this.auditLog.record(trx, { actor: { id: staff.user.id, role: staff.role }, action, target, result: 'success', details })
    )
  }

  private exportedAt(): string {
    return new Date(this.now().getTime() + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
  }
}

function groupByHousehold(members: MemberRow[]): Map<string, MemberRow[]> {
  const byHousehold = new Map<string, MemberRow[]>()
  for (const member of members) byHousehold.set(member.household_id, [...(byHousehold.get(member.household_id) ?? []), member])
  return byHousehold
}

/** A period label as a filename part: `2026-10-01..2026-12-31` has dots a filename should not. */
function asciiPeriod(label: string): string {
  return label.replace('..', '_')
}
