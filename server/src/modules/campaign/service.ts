import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import {
  recordDateErrors,
  type ActivityInput,
  type ActivityKind,
  type ActivityRecord,
  type VillageFactsInput,
  type VillageFactsView
} from '../../../../src/core/campaign'
import { countyCodeOf, isRegionCode, parentRegionCode } from '../../../../src/core/regions'
import type { StaffPrincipal } from '../../access/principal'
import { withinRegion } from '../../db/regionRange'
import { notFound, validationFailed } from '../../errors'
import type { AuditLog } from '../audit/auditLog'
import { RegionRepository } from '../regions/regionRepository'

/** Levels an activity may belong to: a township's counts for each of its villages (campaignFacts). */
const ACTIVITY_LEVELS = ['village', 'township']

/**
 * 宣传活动 and a village's own facts (DESIGN §2). Who may write is the route's role list plus the scope:
 * a village admin their village, an official any village or township in their region. Every change is
 * audited in its own transaction.
 */
export class CampaignService {
  private readonly regions: RegionRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly auditLog: AuditLog,
    private readonly now: () => Date
  ) {
    this.regions = new RegionRepository(db)
  }

  async createActivity(staff: StaffPrincipal, input: ActivityInput): Promise<{ id: string }> {
    const dateErrors = recordDateErrors(input.date, this.now())
    if (dateErrors.length > 0) throw validationFailed(dateErrors)
    const region = await this.regions.findVisible(input.regionCode, staff.scope)
    if (!region || !ACTIVITY_LEVELS.includes(region.level)) throw notFound('村社区或乡镇')
    const id = crypto.randomUUID()
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('activities')
        .values({
          id,
          region_code: input.regionCode,
          county_code: countyCodeOf(input.regionCode),
          occurred_on: input.date,
          title: input.title,
          kind: input.kind,
          participants: input.participants,
          created_by: staff.user.id,
          created_at: this.now().toISOString()
        })
        .execute()
      await this.auditLog.record(trx, {
        actor: { id: staff.user.id, role: staff.role },
        action: 'activity.create',
        target: `activity/${id}`,
        result: 'success',
        details: { regionCode: input.regionCode, date: input.date, kind: input.kind, participants: input.participants, title: input.title }
      })
    })
    return { id }
  }

  /**
   * Activities that count for the region: those of the region and of every village and township under
   * it, and — for a village — its township's, which count for each of the township's villages.
   */
  async listActivities(staff: StaffPrincipal, regionCode: string): Promise<{ items: ActivityRecord[] }> {
    if (!isRegionCode(regionCode)) throw validationFailed([{ field: 'region', message: '地区代码格式不正确，应为2、4、6、9或12位数字' }])
    const region = await this.regions.findVisible(regionCode, staff.scope)
    if (!region) throw notFound('地区')
    const township = region.level === 'village' ? parentRegionCode(regionCode) : null
    const rows = await this.db
      .selectFrom('activities as a')
      .innerJoin('regions as r', 'r.code', 'a.region_code')
      .select(['a.id', 'a.region_code', 'r.name as region_name', 'a.occurred_on', 'a.title', 'a.kind', 'a.participants', 'a.created_at'])
      .where((eb) => {
        const within = withinRegion(eb, 'a.region_code', regionCode)
        return township ? eb.or([within, eb('a.region_code', '=', township)]) : within
      })
      .orderBy('a.occurred_on', 'desc')
      .orderBy('a.id')
      .execute()
    return {
      items: rows.map((row) => ({
        id: row.id,
        regionCode: row.region_code,
        regionName: row.region_name,
        date: row.occurred_on,
        title: row.title,
        kind: row.kind as ActivityKind,
        participants: Number(row.participants),
        createdAt: row.created_at
      }))
    }
  }

  /** Replaces the village's facts; the audit row keeps what they were before. */
  async putFacts(staff: StaffPrincipal, villageCode: string, input: VillageFactsInput): Promise<VillageFactsView> {
    const village = /^\d{12}$/.test(villageCode) ? await this.regions.findVisible(villageCode, staff.scope) : undefined
    if (!village || village.level !== 'village') throw notFound('村社区')
    const updatedAt = this.now().toISOString()
    const row = {
      volunteer_team: input.volunteerTeam ? 1 : 0,
      warnings_received: input.warningsReceived,
      warnings_followed_up: input.warningsFollowedUp,
      updated_by: staff.user.id,
      updated_at: updatedAt
    }
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('village_facts').selectAll().where('village_code', '=', villageCode).executeTakeFirst()
      await trx
        .insertInto('village_facts')
        .values({ village_code: villageCode, county_code: countyCodeOf(villageCode), ...row })
        .onConflict((oc) => oc.columns(['village_code', 'county_code']).doUpdateSet(row))
        .execute()
      await this.auditLog.record(trx, {
        actor: { id: staff.user.id, role: staff.role },
        action: 'village_facts.update',
        target: `village/${villageCode}`,
        result: 'success',
        details: { before: before ? factsOf(before) : null, after: input }
      })
    })
    return { villageCode, ...input, updatedAt }
  }
}

function factsOf(row: { volunteer_team: number; warnings_received: number; warnings_followed_up: number }): VillageFactsInput {
  return { volunteerTeam: Number(row.volunteer_team) === 1, warningsReceived: Number(row.warnings_received), warningsFollowedUp: Number(row.warnings_followed_up) }
}
