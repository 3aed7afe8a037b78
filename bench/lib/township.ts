import crypto from 'node:crypto'
import { sql, type Insertable, type Kysely } from 'kysely'
import type { Database, GridTable, HouseholdTable, MemberTable, VisitTable } from '../../server/src/db/schema'
import type { DatabaseHandle, DialectName } from '../../server/src/db/database'
import { addressColumns } from '../../server/src/modules/households/householdRepository'
import { rebuildVillageTallies } from '../../server/src/modules/dashboard/villageTallies'
import { DemoRandom } from '../../server/src/demo/random'
import { pickName, pickSurname } from '../../server/src/demo/names'
import { currentQuarter, periodInstants, quarterPeriod, yearInChina } from '../../src/core/period'
import type { AppStatusValue } from '../../src/core/appStatus'
import type { PriorityTag } from '../../src/core/member'
import { countyCodeOf } from '../../src/core/regions'
import { chunkSize, chunks } from '../../server/src/db/chunks'

/**
 * Scale data for read benchmarks, from a township to a whole city, written with multi-row inserts in
 * batches of households, one transaction per batch, so memory stays that of one batch whatever the total
 * (no encryption: no phone numbers, which no read measured here decrypts). Villages are real codes from
 * the imported region tree; people follow the demo's names and a rural age structure; visits span the
 * past year.
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

/** What a write has done so far, after each batch. */
export interface WriteProgress extends GeneratedCounts {
  villages: number
  totalVillages: number
  totalHouseholds: number
}

export interface WriteOptions {
  /** Households generated, inserted and committed together (the generator's memory is one batch's). */
  batchHouseholds?: number
  onProgress?: (progress: WriteProgress) => void
}

/** A village as the region table names it; 社区 (urban residents' committees) are larger than rural 村. */
export interface VillageRef {
  code: string
  name: string
}

const DEFAULT_BATCH_HOUSEHOLDS = 10_000

/** Member count per household: mean ≈ 3.05. */
const HOUSEHOLD_SIZES = { '1': 12, '2': 25, '3': 25, '4': 22, '5': 16 } as const
const AWAY_PLACES = ['太原', '北京', '西安', '临汾市区', '运城']
const TAGS: PriorityTag[] = ['disabled', 'accountant', 'other']

export class TownshipData {
  private readonly random: DemoRandom
  private readonly year: number
  private readonly quarter: { from: string; to: string }
  /** The two quarters before last (the last one is drawn apart): with this one, the past year. */
  private readonly earlierQuarters: Array<{ from: string; to: string }>

  private readonly db: Kysely<Database>
  private readonly dialect: DialectName

  constructor(
    database: Pick<DatabaseHandle, 'db' | 'dialect'>,
    private readonly workerId: string,
    seed: number,
    now: Date = new Date()
  ) {
    this.db = database.db
    this.dialect = database.dialect
    this.random = new DemoRandom(seed)
    this.year = yearInChina(now)
    this.quarter = periodInstants(currentQuarter(now))
    this.earlierQuarters = [2, 3].map((back) => periodInstants(quartersBefore(currentQuarter(now).label, back)))
  }

  /** Grids of about `perGrid` households covering `total` households over the villages, in order. */
  static spread(villageCodes: ReadonlyArray<string>, total: number, perGrid: number): GridPlan[] {
    const shares = villageCodes.map((_, index) => Math.floor(total / villageCodes.length) + (index < total % villageCodes.length ? 1 : 0))
    return villageCodes.flatMap((villageCode, index) => TownshipData.gridsOf(villageCode, shares[index], perGrid))
  }

  /**
   * Grids covering `total` households over the villages, sized as real villages differ: a rural 村's
   * size is log-normal (most a few hundred households, a few past a thousand), a 社区 (urban, its name
   * says so) three times a 村's on average. The same seed gives the same sizes.
   */
  static spreadRealistic(villages: ReadonlyArray<VillageRef>, total: number, perGrid: number, seed: number): GridPlan[] {
    const random = new DemoRandom(seed)
    const weights = villages.map((village) => (village.name.includes('社区') ? 3 : 1) * Math.exp(0.55 * normal(random)))
    const sum = weights.reduce((a, b) => a + b, 0)
    const shares = weights.map((weight) => Math.max(1, Math.floor((total * weight) / sum)))
    // Flooring leaves a few households over: they go to the villages in order, one each.
    let left = total - shares.reduce((a, b) => a + b, 0)
    for (let index = 0; left > 0; index = (index + 1) % shares.length, left--) shares[index] += 1
    return villages.flatMap((village, index) => TownshipData.gridsOf(village.code, shares[index], perGrid))
  }

  /** One village's households in grids of about `perGrid`. */
  private static gridsOf(villageCode: string, households: number, perGrid: number): GridPlan[] {
    const count = Math.max(1, Math.round(households / perGrid))
    return Array.from({ length: count }, (_, g) => ({
      id: crypto.randomUUID(),
      villageCode,
      households: Math.floor(households / count) + (g < households % count ? 1 : 0)
    }))
  }

  /**
   * Generates and inserts the grids' households, members and visits batch by batch (whole grids, about
   * `batchHouseholds` households each, one transaction per batch), then recounts the dashboard tallies.
   */
  async write(grids: ReadonlyArray<GridPlan>, options: WriteOptions = {}): Promise<GeneratedCounts> {
    const batchHouseholds = options.batchHouseholds ?? DEFAULT_BATCH_HOUSEHOLDS
    const totalVillages = new Set(grids.map((grid) => grid.villageCode)).size
    const totalHouseholds = grids.reduce((sum, grid) => sum + grid.households, 0)
    const done: GeneratedCounts = { households: 0, members: 0, visits: 0 }
    const villagesDone = new Set<string>()
    let start = 0
    while (start < grids.length) {
      let end = start
      let households = 0
      while (end < grids.length && (end === start || households + grids[end].households <= batchHouseholds)) households += grids[end++].households
      const written = await this.writeBatch(grids.slice(start, end), start)
      done.households += written.households
      done.members += written.members
      done.visits += written.visits
      for (let g = start; g < end; g++) villagesDone.add(grids[g].villageCode)
      options.onProgress?.({ ...done, villages: villagesDone.size, totalVillages, totalHouseholds })
      start = end
    }
    // A bulk load past the API keeps no dashboard tallies: recount them as `npm run tallies:rebuild` does.
    await rebuildVillageTallies(this.db, this.dialect)
    return done
  }

  /** One batch of grids (the first numbered `firstIndex + 1`), generated and inserted in one transaction. */
  private async writeBatch(grids: ReadonlyArray<GridPlan>, firstIndex: number): Promise<GeneratedCounts> {
    const gridRows: Array<Insertable<GridTable>> = grids.map((grid, index) => ({
      id: grid.id,
      name: `第${firstIndex + index + 1}网格`,
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
    const county = countyCodeOf(grid.villageCode)
    households.push({ id, grid_id: grid.id, village_code: grid.villageCode, county_code: county, ...addressColumns(address), note: null, ...stamp })

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
        county_code: county,
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

    // 55% visited this quarter (some twice), 25% only last quarter, the rest neither.
    const roll = r.next()
    const visitTimes: string[] = []
    if (roll < 0.55) {
      const span = Math.max(1, Math.min(Date.now(), Date.parse(this.quarter.to)) - Date.parse(this.quarter.from))
      visitTimes.push(new Date(Date.parse(this.quarter.from) + Math.floor(r.next() * span)).toISOString())
      if (r.chance(0.3)) visitTimes.push(new Date(Date.parse(this.quarter.from) + Math.floor(r.next() * span)).toISOString())
    } else if (roll < 0.8) {
      visitTimes.push(new Date(Date.parse(this.quarter.from) - r.int(1, 85) * 86_400_000).toISOString())
    }
    // Earlier in the year: 40% visited in each of the two quarters before, if the household was listed by then.
    for (const earlier of this.earlierQuarters) {
      if (!r.chance(0.4)) continue
      const visitAt = Date.parse(earlier.from) + Math.floor(r.next() * (Date.parse(earlier.to) - Date.parse(earlier.from)))
      if (visitAt > Date.parse(at)) visitTimes.push(new Date(visitAt).toISOString())
    }
    for (const visitAt of visitTimes) {
      visits.push({
        id: crypto.randomUUID(),
        household_id: id,
        county_code: county,
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

/**
 * Writes a grid's households, members and visits into the change log (TownshipData writes the tables
 * only), so that GET /sync/pull sends them as it would records saved through the API.
 */
export async function logGridChanges(db: Kysely<Database>, gridId: string): Promise<void> {
  const at = new Date().toISOString()
  await sql`insert into change_log (entity, entity_id, grid_id, village_code, county_code, op, mutation_id, at)
    select 'household', id, grid_id, village_code, county_code, 'upsert', null, ${at} from households where grid_id = ${gridId}`.execute(db)
  await sql`insert into change_log (entity, entity_id, grid_id, village_code, county_code, op, mutation_id, at)
    select 'member', m.id, h.grid_id, h.village_code, h.county_code, 'upsert', null, ${at} from members m join households h on h.id = m.household_id where h.grid_id = ${gridId}`.execute(db)
  await sql`insert into change_log (entity, entity_id, grid_id, village_code, county_code, op, mutation_id, at)
    select 'visit', v.id, h.grid_id, h.village_code, h.county_code, 'upsert', null, ${at} from visits v join households h on h.id = v.household_id where h.grid_id = ${gridId}`.execute(db)
}

/** A standard normal draw (Box–Muller) from the seeded source. */
function normal(random: DemoRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
}

/** The calendar quarter `back` quarters before the one labelled e.g. "2026Q4". */
function quartersBefore(label: string, back: number) {
  const [year, quarter] = label.split('Q').map(Number)
  const index = year * 4 + (quarter - 1) - back
  return quarterPeriod(Math.floor(index / 4), (index % 4) + 1)
}
