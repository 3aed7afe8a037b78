import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { AgeBand, CaseKind, FraudType } from '../../../../src/core/fraud'
import { recordDateErrors, type CaseInput, type CaseRecord } from '../../../../src/core/campaign'
import { countyCodeOf, isRegionCode } from '../../../../src/core/regions'
import type { StaffPrincipal } from '../../access/principal'
import { withinRegion } from '../../db/regionRange'
import { notFound, validationFailed } from '../../errors'
import type { AuditLog } from '../audit/auditLog'
import { RegionRepository } from '../regions/regionRepository'

/**
 * 涉诈案件 records (DESIGN §2): officials record them for villages in their scope; each one is audited in
 * its own transaction. Any case in a village within a period vetoes the village's score (campaignFacts).
 */
export class CaseRecords {
  private readonly regions: RegionRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly auditLog: AuditLog,
    private readonly now: () => Date
  ) {
    this.regions = new RegionRepository(db)
  }

  async create(staff: StaffPrincipal, input: CaseInput): Promise<{ id: string }> {
    const dateErrors = recordDateErrors(input.date, this.now())
    if (dateErrors.length > 0) throw validationFailed(dateErrors)
    const village = await this.regions.findVisible(input.villageCode, staff.scope)
    if (!village || village.level !== 'village') throw notFound('村社区')
    const id = crypto.randomUUID()
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cases')
        .values({
          id,
          village_code: input.villageCode,
          county_code: countyCodeOf(input.villageCode),
          occurred_on: input.date,
          kind: input.kind,
          fraud_type: input.fraudType,
          loss_yuan: input.loss ?? null,
          victim_age_band: input.ageBand ?? null,
          note: input.note || null,
          created_by: staff.user.id,
          created_at: this.now().toISOString()
        })
        .execute()
      // The note is free text: the log says that there is one, not what it says.
      await this.auditLog.record(trx, {
        actor: { id: staff.user.id, role: staff.role },
        action: 'case.create',
        target: `case/${id}`,
        result: 'success',
        details: { villageCode: input.villageCode, date: input.date, kind: input.kind, fraudType: input.fraudType, loss: input.loss ?? null, hasNote: Boolean(input.note) }
      })
    })
    return { id }
  }

  /** Cases of the villages at or under a region in the caller's scope, newest first. */
  async list(staff: StaffPrincipal, regionCode: string): Promise<{ items: CaseRecord[] }> {
    if (!isRegionCode(regionCode)) throw validationFailed([{ field: 'region', message: '地区代码格式不正确，应为2、4、6、9或12位数字' }])
    if (!(await this.regions.findVisible(regionCode, staff.scope))) throw notFound('地区')
    const rows = await this.db
      .selectFrom('cases as c')
      .innerJoin('regions as r', 'r.code', 'c.village_code')
      .select(['c.id', 'c.village_code', 'r.name as village_name', 'c.occurred_on', 'c.kind', 'c.fraud_type', 'c.loss_yuan', 'c.victim_age_band', 'c.note', 'c.created_at'])
      .where((eb) => withinRegion(eb, 'c.village_code', regionCode))
      .orderBy('c.occurred_on', 'desc')
      .orderBy('c.id')
      .execute()
    return {
      items: rows.map((row) => ({
        id: row.id,
        villageCode: row.village_code,
        villageName: row.village_name,
        date: row.occurred_on,
        kind: row.kind as CaseKind,
        fraudType: row.fraud_type as FraudType,
        loss: row.loss_yuan === null ? null : Number(row.loss_yuan),
        ageBand: row.victim_age_band as AgeBand | null,
        note: row.note,
        createdAt: row.created_at
      }))
    }
  }
}
