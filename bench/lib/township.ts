import crypto from 'node:crypto'
import type { Insertable, Kysely } from 'kysely'
import type { Database, GridTable, HouseholdTable, MemberTable, VisitTable } from '../../server/src/db/schema'
import { addressColumns } from '../../server/src/modules/households/householdRepository'
import { rebuildVillageTallies } from '../../server/src/modules/dashboard/villageTallies'
import { DemoRandom } from '../../server/src/demo/random'
import { pickName, pickSurname } from '../../server/src/demo/names'
import { currentQuarter, periodInstants, yearInChina } from '../../src/core/period'
import type { AppStatusValue } from '../../src/core/appStatus'
import type { PriorityTag } from '../../src/core/member'
import { chunkSize, chunks } from '../../server/src/db/chunks'

/**
 * Scale data for read benchmarks, written with multi-row inserts in one transaction per table (no
 * encryption: no phone numbers, which no read measured here decrypts). Villages are real codes
 * from the imported region tree; people follow the demo's names and a rural age structure.
 */
export interface GridPlan {
  id: string
  villageCode: string
  households: number
}

export interface GeneratedCounts {
  households: number
  members: number
  visits: number
}

/** Member count per household: mean ≈ 3.05. */
const HOUSEHOLD_SIZES = { '1': 12, '2': 25, '3': 25, '4': 22, '5': 16 } as const
const AWAY_PLACES = ['太原', '北京', '西安', '临汾市区', '运城']
const TAGS: PriorityTag[] = ['disabled', 'accountant', 'other']

export class TownshipData {
  private readonly random: DemoRandom
  private readonly year: number
  private readonly quarter: { from: string; to: string }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly workerId: string,
    seed: number,
    now: Date = new Date()
  ) {
    this.random = new DemoRandom(seed)
    this.year = yearInChina(now)
    this.quarter = periodInstants(currentQuarter(now))
  }

  /** Grids of about `perGrid` households covering `total` households over the villages, in order. */
  static spread(villageCodes: ReadonlyArray<string>, total: number, perGrid: number): GridPlan[] {
    const grids: GridPlan[] = []
    villageCodes.forEach((villageCode, index) => {
      const share = Math.floor(total / villageCodes.length) + (index < total % villageCodes.length ? 1 : 0)
      const count = Math.max(1, Math.round(share / perGrid))
      for (let g = 0; g < count; g++) {
        const households = Math.floor(share / count) + (g < share % count ? 1 : 0)
        grids.push({ id: crypto.randomUUID(), villageCode, households })
      }
    })
    return grids
  }

  async write(grids: ReadonlyArray<GridPlan>): Promise<GeneratedCounts> {
    const gridRows: Array<Insertable<GridTable>> = grids.map((grid, index) => ({
      id: grid.id,
      name: `第${index + 1}网格`,
      village_code: grid.villageCode,
      created_at: new Date().toISOString()
    }))
    const households: Array<Insertable<HouseholdTable>> = []
    const members: Array<Insertable<MemberTable>> = []
    const visits: Array<Insertable<VisitTable>> = []
    for (const grid of grids) {
      for (let index = 0; index < grid.households; index++) this.household(grid, index, households, members, visits)
    }
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(gridRows, chunkSize(4))) await trx.insertInto('grids').values(part).execute()
      for (const part of chunks(households, chunkSize(17))) await trx.insertInto('households').values(part).execute()
      for (const part of chunks(members, chunkSize(28))) await trx.insertInto('members').values(part).execute()
      for (const part of chunks(visits, chunkSize(8))) await trx.insertInto('visits').values(part).execute()
    })
    // A bulk load past the API keeps no dashboard tallies: recount them as `npm run tallies:rebuild` does.
    await rebuildVillageTallies(this.db)
    return { households: households.length, members: members.length, visits: visits.length }
  }

  private household(
    grid: GridPlan,
    index: number,
    households: Array<Insertable<HouseholdTable>>,
    members: Array<Insertable<MemberTable>>,
    visits: Array<Insertable<VisitTable>>
  ): void {
    const r = this.random
    const id = crypto.randomUUID()
    const at = new Date(Date.parse(this.quarter.from) - r.int(30, 300) * 86_400_000).toISOString()
    const stamp = { created_at: at, created_by: this.workerId, updated_at: at, updated_by: this.workerId, deleted_at: null, deleted_by: null, version: 1 }
    const perGroup = 300
    const address = { group: `${Math.floor(index / perGroup) + 1}组`, door: String((index % perGroup) * 2 + r.int(1, 2)) }
    households.push({ id, grid_id: grid.id, village_code: grid.villageCode, ...addressColumns(address), note: null, ...stamp })

    const size = Number(r.weighted(HOUSEHOLD_SIZES))
    const surname = pickSurname(r)
    const taken = new Set<string>()
    for (let m = 0; m < size; m++) {
      const age = m === 0 ? r.int(30, 85) : r.int(0, 88)
      const birthYear = this.year - age
      const sex = r.chance(0.5) ? 'male' : 'female'
      const smartphone = age < 12 ? 'no' : age < 60 ? (r.chance(0.93) ? 'yes' : 'unknown') : r.chance(0.45) ? 'yes' : r.chance(0.8) ? 'no' : 'unknown'
      const away = age >= 18 && age < 55 && r.chance(0.18) ? r.pick(AWAY_PLACES) : null
      const eligible = age >= 16 && smartphone === 'yes' && away === null
      const status: AppStatusValue | null = eligible
        ? r.chance(0.66)
          ? 'registered'
          : r.chance(0.5)
            ? r.pick<AppStatusValue>(['not_installed', 'installed_unregistered', 'refused'])
            : null
        : null
      const tags: PriorityTag[] = r.chance(0.04) ? [r.pick(TAGS)] : []
      members.push({
        id: crypto.randomUUID(),
        household_id: id,
        name: pickName(r, m === 0 || r.chance(0.5) ? surname : pickSurname(r, surname), sex, birthYear, taken),
        gender: sex,
        birth_year: birthYear,
        phone_enc: null,
        phone_hash: null,
        id_number_enc: null,
        id_number_hash: null,
        relation: m === 0 ? '户主' : null,
        smartphone,
        away_place: away,
        tags: JSON.stringify(tags),
        is_head: m === 0 ? 1 : 0,
        app_status: status,
        app_alerts_on: status === 'registered' ? 1 : status ? 0 : null,
        app_region: status === 'registered' ? grid.villageCode : null,
        app_evidence: status ? 'in_person' : null,
        app_reason: status === 'refused' ? '不愿实名注册' : null,
        app_recorded_by: status ? this.workerId : null,
        app_updated_at: status ? at : null,
        ...stamp
      })
    }

    // 55% visited this quarter (some twice), 25% only last quarter, the rest never.
    const roll = r.next()
    const visitTimes: string[] = []
    if (roll < 0.55) {
      const span = Math.max(1, Math.min(Date.now(), Date.parse(this.quarter.to)) - Date.parse(this.quarter.from))
      visitTimes.push(new Date(Date.parse(this.quarter.from) + Math.floor(r.next() * span)).toISOString())
      if (r.chance(0.3)) visitTimes.push(new Date(Date.parse(this.quarter.from) + Math.floor(r.next() * span)).toISOString())
    } else if (roll < 0.8) {
      visitTimes.push(new Date(Date.parse(this.quarter.from) - r.int(1, 85) * 86_400_000).toISOString())
    }
    for (const visitAt of visitTimes) {
      visits.push({
        id: crypto.randomUUID(),
        household_id: id,
        worker_id: this.workerId,
        kind: 'in_person',
        at: visitAt,
        actions: '["cases_explained","materials_given"]',
        note: null,
        created_at: visitAt
      })
    }
  }
}
