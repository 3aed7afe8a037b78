import type { Kysely } from 'kysely'
import type { Database, HouseholdRow, MemberRow } from '../../db/schema'
import type { FieldCipher } from '../../crypto/fieldCipher'
import type { HouseholdDetail, HouseholdFilter, HouseholdSummary, MemberView, Page, VisitView } from '../../../../src/core/api'
import type { AppStatusValue, Evidence } from '../../../../src/core/appStatus'
import { householdSearchOf } from '../../../../src/core/householdQuery'
import { compareMembers, summarizeHousehold } from '../../../../src/core/householdSummary'
import type { Gender, PriorityTag, SmartphoneAnswer } from '../../../../src/core/member'
import { currentQuarterInstants, yearInChina } from '../../../../src/core/period'
import { maskPhone } from '../../../../src/core/phone'
import { maskName } from '../../../../src/core/names'
import { maskIdNumber } from '../../../../src/core/idNumber'
import type { VisitAction, VisitKind } from '../../../../src/core/visit'
import { compareVisits, latestVisitAt } from '../../../../src/core/visitTimes'
import { notFound, validationFailed } from '../../errors'
import { HouseholdRepository, addressOf, type AddressPosition } from './householdRepository'
import { MemberRepository, memberFactsOf } from './memberRepository'
import { VisitRepository, type VisitWithWorker } from './visitRepository'
import type { Scope } from '../../access/scope'
import { readsMemberNames, type StaffPrincipal } from '../../access/principal'
import { GridRepository } from '../regions/gridRepository'
import { RegionRepository } from '../regions/regionRepository'
import { CertificationRepository, certificationViewOf } from '../certifications/certificationRepository'

export interface HouseholdListParams {
  grid?: string
  village?: string
  q?: string
  /** The households must pass every one of these. */
  filter?: HouseholdFilter[]
  cursor?: string
  limit: number
}

/**
 * Read side of households: scope-filtered in SQL, names and numbers masked on the way out. What the
 * list's search, filters and order mean, a household's list fields and the order of its members and
 * visits are the core's (householdQuery, householdSummary, visitTimes), which the phone computes too.
 */
export class HouseholdService {
  private readonly households: HouseholdRepository
  private readonly members: MemberRepository
  private readonly visits: VisitRepository
  private readonly grids: GridRepository
  private readonly regions: RegionRepository
  private readonly certifications: CertificationRepository

  constructor(
    db: Kysely<Database>,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date
  ) {
    this.households = new HouseholdRepository(db)
    this.members = new MemberRepository(db)
    this.visits = new VisitRepository(db)
    this.grids = new GridRepository(db)
    this.regions = new RegionRepository(db)
    this.certifications = new CertificationRepository(db)
  }

  async list(scope: Scope, params: HouseholdListParams): Promise<Page<HouseholdSummary>> {
    await this.assertListScope(scope, params)
    const now = this.now()
    const rows = await this.households.listPage({
      scope,
      gridId: params.grid,
      villageCode: params.village,
      search: this.searchOf(params.q),
      filters: params.filter ?? [],
      year: yearInChina(now),
      visitWindow: currentQuarterInstants(now),
      after: params.cursor === undefined ? undefined : decodeCursor(params.cursor),
      // One more than asked tells whether there is a next page.
      limit: params.limit + 1
    })
    const page = rows.slice(0, params.limit)
    const items = await this.summarize(page, yearInChina(now))
    const last = page[page.length - 1]
    const nextCursor = rows.length > params.limit ? encodeCursor({ sort: last.address_sort, id: last.id }) : null
    return { items, nextCursor }
  }

  /** A household's page; members' names masked for staff who do not work with households (readsMemberNames). */
  async detail(staff: StaffPrincipal, id: string): Promise<HouseholdDetail> {
    const row = await this.households.findLive(id, staff.scope)
    if (!row) throw notFound('户')
    const members = await this.members.listByHouseholds([row.id])
    const visits = (await this.visits.listByHousehold(row.id)).map(visitView).sort(compareVisits)
    return {
      ...summaryOf(row, members, latestVisitAt(visits), yearInChina(this.now())),
      address: addressOf(row),
      note: row.note,
      version: row.version,
      members: namesFor(staff, members.map((member) => this.memberView(member)).sort(compareMembers)),
      visits,
      certifications: (await this.certifications.listOfHousehold(row.id)).map(certificationViewOf)
    }
  }

  /** A grid or village asked for must be one the scope sees: otherwise 404, as if it did not exist. */
  private async assertListScope(scope: Scope, params: HouseholdListParams): Promise<void> {
    if (params.grid !== undefined && !(await this.grids.findVisible(params.grid, scope))) throw notFound('网格')
    if (params.village !== undefined && !(await this.regions.findVisible(params.village, scope))) throw notFound('村社区')
  }

  /** The core's search; a typed number is looked for by the keyed hash of its masked form. */
  private searchOf(q: string | undefined) {
    const search = householdSearchOf(q)
    if (!search) return undefined
    return { text: search.text, phoneMaskHash: search.phoneMask === null ? null : this.cipher.hash(search.phoneMask) }
  }

  private async summarize(rows: HouseholdRow[], year: number): Promise<HouseholdSummary[]> {
    const ids = rows.map((row) => row.id)
    const members = await this.members.listByHouseholds(ids)
    // SQL's max(at) is the core's latestVisitAt: visit times are stored as UTC ISO text (core visitTimes).
    const lastVisits = await this.visits.lastVisitAt(ids)
    const byHousehold = new Map<string, MemberRow[]>()
    for (const member of members) {
      const list = byHousehold.get(member.household_id)
      if (list) list.push(member)
      else byHousehold.set(member.household_id, [member])
    }
    return rows.map((row) => summaryOf(row, byHousehold.get(row.id) ?? [], lastVisits.get(row.id) ?? null, year))
  }

  private memberView(row: MemberRow): MemberView {
    return memberViewOf(row, this.cipher)
  }
}

/** Members as this staff member may read them: in full, or with names masked (sorted before masking). */
export function namesFor(staff: StaffPrincipal, members: MemberView[]): MemberView[] {
  return readsMemberNames(staff) ? members : members.map((member) => ({ ...member, name: maskName(member.name) }))
}

/** A member as the API shows it: phone and ID numbers masked. */
export function memberViewOf(row: MemberRow, cipher: FieldCipher): MemberView {
  return {
    id: row.id,
    householdId: row.household_id,
    name: row.name,
    gender: row.gender as Gender,
    birthYear: row.birth_year,
    // Decrypted only to be masked: the full number never leaves the server.
    phoneMasked: row.phone_enc ? maskPhone(cipher.decrypt(row.phone_enc)) : null,
    idNumberMasked: row.id_number_enc ? maskIdNumber(cipher.decrypt(row.id_number_enc)) : null,
    relation: row.relation,
    smartphone: row.smartphone as SmartphoneAnswer,
    away: row.away_place ? { place: row.away_place } : null,
    tags: JSON.parse(row.tags) as PriorityTag[],
    isHead: row.is_head === 1,
    app: row.app_status
      ? {
          status: row.app_status as AppStatusValue,
          alertsOn: row.app_alerts_on === 1,
          region: row.app_region,
          evidence: row.app_evidence as Evidence,
          reason: row.app_reason,
          updatedAt: row.app_updated_at!
        }
      : null
  }
}

/** A household's list fields (the core's summarizeHousehold) from its row and live member rows. */
export function summaryOf(row: HouseholdRow, members: MemberRow[], lastVisitAt: string | null, year: number): HouseholdSummary {
  return summarizeHousehold(
    { id: row.id, gridId: row.grid_id, villageCode: row.village_code, address: addressOf(row) },
    members.map((member) => ({ ...memberFactsOf(member), id: member.id, name: member.name, isHead: member.is_head === 1 })),
    lastVisitAt,
    year
  )
}

export function visitView(row: VisitWithWorker): VisitView {
  return {
    id: row.id,
    householdId: row.household_id,
    workerId: row.worker_id,
    workerName: row.worker_name,
    kind: row.kind as VisitKind,
    at: row.at,
    actions: JSON.parse(row.actions) as VisitAction[],
    note: row.note
  }
}

/** The keyset cursor: the last row's position in the address order, opaque to the client. */
function encodeCursor(position: AddressPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.id])).toString('base64url')
}

function decodeCursor(cursor: string): AddressPosition {
  try {
    const [sort, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (typeof sort === 'string' && typeof id === 'string') return { sort, id }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: '游标无效，请从第一页重新加载' }])
}
