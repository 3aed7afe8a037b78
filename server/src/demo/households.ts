import type { Address } from '../../../src/core/household'
import type { Gender, MemberUpsert, PriorityTag, SmartphoneAnswer } from '../../../src/core/member'
import { ELDERLY_AGE, ELIGIBLE_AGE, isEligible } from '../../../src/core/member'
import type { MemberApp } from '../../../src/core/appStatus'
import type { VisitAction, VisitKind } from '../../../src/core/visit'
import type { Mutation, MutationInput } from '../../../src/core/mutations'
import { currentQuarter, periodInstants, yearInChina } from '../../../src/core/period'
import { demoId } from './ids'
import { pickName, pickSurname, type Surname } from './names'
import type { DemoGrid } from './plan'
import type { DemoRandom } from './random'

export interface DemoGenerationContext {
  random: DemoRandom
  now: Date
  /** Phone numbers handed out so far, so no two members share one. */
  phones: Set<string>
}

interface DemoPerson {
  name: string
  gender: Exclude<Gender, 'unknown'>
  age: number
  relation: string
  away?: { place: string; tag: 'migrant_worker' | 'student' }
}

type HouseholdKind = 'elderly_alone' | 'elderly_couple' | 'three_generations' | 'family' | 'single_adult'

const HOUSEHOLD_KINDS: Record<HouseholdKind, number> = {
  elderly_alone: 12,
  elderly_couple: 22,
  three_generations: 28,
  family: 28,
  single_adult: 10
}

const WORK_PLACES = ['太原', '北京', '西安', '临汾市区', '运城', '郑州', '上海', '深圳', '天津']
const COLLEGE_PLACES = ['太原', '西安', '临汾市区', '北京', '晋中']
const REFUSAL_REASONS = ['担心个人信息泄露', '认为自己不会被骗，不需要', '手机内存不够，不愿安装', '要和子女商量后再说', '不愿实名注册']
const VISIT_NOTES = ['已讲解冒充公检法、刷单返利典型案例', '发放《防范电信网络诈骗宣传手册》', '已提醒家人关注老人接听陌生电话', '已拉入村反诈宣传微信群']
const ELDERLY_ALONE_NOTES = ['独居老人，已联系其子女共同关注', '老人无智能手机，重点讲解防范养老诈骗']
/** Prefixes of the three carriers' mobile numbers, so every generated phone looks like a real one. */
const MOBILE_PREFIXES = ['134 135 136 137 138 139 150 151 152 157 158 159 182 183 187 188', '130 131 132 155 156 185 186 166', '133 153 180 189 177 199']
  .join(' ')
  .split(' ')

/**
 * Synthetic households of one demo grid, as the mutations a grid worker's phone would push: each
 * household, its members, their app statuses and the visits. Realistic for a village in southern
 * Shanxi: many people over 60, children away working in 太原 or 北京, grandparents without smartphones.
 */
export function generateGridMutations(grid: DemoGrid, context: DemoGenerationContext): Mutation[] {
  const { random, now } = context
  const year = yearInChina(now)
  const households = householdAddresses(grid, random).map((address, index) => composeHousehold(grid, index, address, year, context))
  // Exact shares rather than a coin per record: a grid of a dozen homes still shows its planned rates.
  const visited = new Set(random.sample(households, Math.round(grid.visitRate * households.length)).map((h) => h.id))
  const eligible = households.flatMap((h) => h.members).filter((member) => isEligible(member, year))
  const registered = new Set(random.sample(eligible, Math.round(grid.registeredRate * eligible.length)).map((m) => m.id))
  return households.flatMap((household) =>
    householdMutations(grid, household, { visitedThisQuarter: visited.has(household.id), registered, year }, context)
  )
}

interface DemoHousehold {
  id: string
  kind: HouseholdKind
  address: Address
  members: MemberUpsert[]
}

function composeHousehold(grid: DemoGrid, index: number, address: Address, year: number, context: DemoGenerationContext): DemoHousehold {
  const id = demoId('household', grid.key, index)
  const kind = context.random.weighted(HOUSEHOLD_KINDS)
  const people = composePeople(kind, year, context.random)
  const livesAlone = people.length === 1
  const members = people.map((person, position) => toMemberUpsert(person, position, id, { year, livesAlone }, context))
  return { id, kind, address, members }
}

function householdMutations(
  grid: DemoGrid,
  household: DemoHousehold,
  plan: { visitedThisQuarter: boolean; registered: ReadonlySet<string>; year: number },
  context: DemoGenerationContext
): Mutation[] {
  const { random, now } = context
  const timeline = visitTimeline(plan.visitedThisQuarter, random, now)
  const builder = new MutationListBuilder(household.id)

  builder.add(timeline.firstContact, {
    type: 'household.upsert',
    payload: {
      id: household.id,
      gridId: grid.id,
      address: household.address,
      ...(household.kind === 'elderly_alone' && random.chance(0.5) ? { note: '独居老人，需定期走访' } : {})
    }
  })
  for (const member of household.members) builder.add(timeline.firstContact, { type: 'member.upsert', payload: member })

  // Statuses are known for homes the worker has been to; the rest are still blank on the roster.
  const visited = timeline.visits.length > 0
  const statusesKnown = visited || random.chance(0.4)
  const statusAt = timeline.visits.at(-1)?.at ?? timeline.firstContact
  const apps = household.members.flatMap((member) => {
    const app = appStatusOf(member, grid, { registered: plan.registered.has(member.id), statusesKnown, visited, year: plan.year }, random)
    return app ? [app] : []
  })
  for (const app of apps) builder.add(statusAt, { type: 'member.app', payload: app })

  timeline.visits.forEach((visit, index) => {
    const actions = visit.kind === 'phone' ? phoneActions(random) : inPersonActions(apps, random)
    const note = visit.kind === 'in_person' ? visitNote(household.kind, random) : undefined
    builder.add(visit.at, {
      type: 'visit.record',
      payload: {
        id: demoId('visit', household.id, index),
        householdId: household.id,
        kind: visit.kind,
        at: visit.at,
        actions,
        ...(note ? { note } : {})
      }
    })
  })
  return builder.mutations
}

/** Mutations of one household, with ids derived from the household so a fresh start repeats them. */
class MutationListBuilder {
  readonly mutations: Mutation[] = []
  constructor(private readonly householdId: string) {}

  add(at: string, input: MutationInput): void {
    this.mutations.push({ ...input, id: demoId('mutation', this.householdId, this.mutations.length), at })
  }
}

function householdAddresses(grid: DemoGrid, random: DemoRandom): Address[] {
  const housing = grid.housing
  if (housing.kind === 'flats') {
    const flats: Address[] = []
    for (let building = 1; building <= housing.buildings; building++) {
      for (let unit = 1; unit <= 2; unit++) {
        for (let floor = 1; floor <= 6; floor++) {
          for (const door of ['01', '02']) {
            flats.push({ group: housing.estate, building: String(building), unit: String(unit), door: `${floor}${door}` })
          }
        }
      }
    }
    return random.sample(flats, grid.households).sort(compareFlats)
  }
  // Houses along the lanes of each 组, numbered with the gaps a real village has.
  const perGroup = Math.ceil(grid.households / housing.groups.length)
  return Array.from({ length: grid.households }, (_, index) => {
    const group = housing.groups[Math.floor(index / perGroup)]
    const door = (index % perGroup) * 2 + random.int(1, 2)
    return { group, door: String(door) }
  })
}

function compareFlats(a: Address, b: Address): number {
  return Number(a.building) - Number(b.building) || Number(a.unit) - Number(b.unit) || Number(a.door) - Number(b.door)
}

function composePeople(kind: HouseholdKind, year: number, random: DemoRandom): DemoPerson[] {
  const family = new FamilyBuilder(pickSurname(random), year, random)
  HOUSEHOLD_COMPOSERS[kind](family, random)
  return family.people
}

type Composer = (family: FamilyBuilder, random: DemoRandom) => void

/** Who lives in each kind of home, with ages that fit their relation to the head. */
const HOUSEHOLD_COMPOSERS: Record<HouseholdKind, Composer> = {
  elderly_alone(family, random) {
    family.add('户主', random.chance(0.65) ? 'female' : 'male', random.int(66, 90), { inFamily: true })
  },
  elderly_couple(family, random) {
    const headAge = random.int(62, 82)
    family.add('户主', 'male', headAge, { inFamily: true })
    family.add('配偶', 'female', headAge - random.int(0, 4))
    if (random.chance(0.4)) {
      family.add('子女', randomSex(random), headAge - random.int(24, 30), { inFamily: true, awayChance: 0.8 })
    }
  },
  three_generations(family, random) {
    const headAge = random.int(55, 72)
    family.add('户主', 'male', headAge, { inFamily: true })
    if (random.chance(0.85)) family.add('配偶', 'female', headAge - random.int(0, 4))
    const sonAge = headAge - random.int(24, 30)
    family.add('子女', 'male', sonAge, { inFamily: true, awayChance: 0.35 })
    family.add('儿媳', 'female', sonAge - random.int(0, 3), { awayChance: 0.15 })
    for (let i = random.int(1, 2); i > 0; i--) {
      family.add('孙子女', randomSex(random), random.int(1, Math.min(17, sonAge - 20)), { inFamily: true })
    }
  },
  family(family, random) {
    const headAge = random.int(30, 55)
    family.add('户主', 'male', headAge, { inFamily: true })
    family.add('配偶', 'female', headAge - random.int(0, 4))
    for (let i = random.int(1, 2); i > 0; i--) {
      family.add('子女', randomSex(random), random.int(0, headAge - 22), { inFamily: true, awayChance: 0.5 })
    }
    if (random.chance(0.3)) {
      const parentSex = random.chance(0.6) ? 'female' : 'male'
      family.add('父母', parentSex, headAge + random.int(24, 30), { inFamily: parentSex === 'male' })
    }
  },
  single_adult(family, random) {
    const headAge = random.int(28, 60)
    family.add('户主', 'male', headAge, { inFamily: true, awayChance: 0.2 })
    if (random.chance(0.6)) family.add('父母', 'female', headAge + random.int(22, 30))
  }
}

function randomSex(random: DemoRandom): 'male' | 'female' {
  return random.chance(0.52) ? 'male' : 'female'
}

/** A household's people: those born into the family carry its surname, spouses and in-laws keep theirs. */
class FamilyBuilder {
  readonly people: DemoPerson[] = []
  private readonly names = new Set<string>()
  constructor(
    private readonly surname: Surname,
    private readonly year: number,
    private readonly random: DemoRandom
  ) {}

  add(relation: string, gender: 'male' | 'female', age: number, options: { inFamily?: boolean; awayChance?: number } = {}): void {
    const surname = options.inFamily ? this.surname : pickSurname(this.random, this.surname)
    const name = pickName(this.random, surname, gender, this.year - age, this.names)
    const away = this.random.chance(options.awayChance ?? 0) ? awayFor(age, this.random) : undefined
    this.people.push({ name, gender, age, relation, ...(away ? { away } : {}) })
  }
}

/** Young adults away are mostly at college, older ones at work; children are never away alone. */
function awayFor(age: number, random: DemoRandom): DemoPerson['away'] {
  if (age < 18) return undefined
  if (age <= 22 && random.chance(0.7)) return { place: random.pick(COLLEGE_PLACES), tag: 'student' }
  if (age > 58) return undefined
  return { place: random.pick(WORK_PLACES), tag: 'migrant_worker' }
}

function toMemberUpsert(
  person: DemoPerson,
  index: number,
  householdId: string,
  home: { year: number; livesAlone: boolean },
  context: DemoGenerationContext
): MemberUpsert {
  const { random } = context
  const smartphone = smartphoneOf(person.age, random)
  const tags = priorityTags(person, home.livesAlone, random)
  const phone = person.age >= 18 && random.chance(smartphone === 'yes' ? 0.6 : 0.25) ? newPhone(context) : undefined
  return {
    id: demoId('member', householdId, index),
    householdId,
    name: person.name,
    gender: person.gender,
    birthYear: home.year - person.age,
    relation: person.relation,
    smartphone,
    away: person.away ? { place: person.away.place } : null,
    tags,
    isHead: person.relation === '户主',
    ...(phone ? { phone } : {})
  }
}

/** Nearly every adult under 60 has a smartphone; past 70 most do not, or nobody at home could say. */
function smartphoneOf(age: number, random: DemoRandom): SmartphoneAnswer {
  if (age < 12) return 'no'
  if (age < 16) return random.chance(0.45) ? 'yes' : 'no'
  if (age < 60) return random.weighted({ yes: 92, no: 3, unknown: 5 })
  if (age < 70) return random.weighted({ yes: 58, no: 32, unknown: 10 })
  return random.weighted({ yes: 22, no: 63, unknown: 15 })
}

function priorityTags(person: DemoPerson, livesAlone: boolean, random: DemoRandom): PriorityTag[] {
  const tags: PriorityTag[] = []
  if (livesAlone && person.age >= ELDERLY_AGE) tags.push('elderly_living_alone')
  if (person.away) tags.push(person.away.tag)
  if (person.age >= 16 && person.age < 60 && random.chance(0.02)) tags.push('accountant')
  if (random.chance(0.02)) tags.push('disabled')
  return tags
}

function newPhone(context: DemoGenerationContext): string {
  for (;;) {
    const phone = `${context.random.pick(MOBILE_PREFIXES)}${String(context.random.int(0, 99_999_999)).padStart(8, '0')}`
    if (!context.phones.has(phone)) {
      context.phones.add(phone)
      return phone
    }
  }
}

/**
 * The recorded app status, or null when nothing is on record. Eligible members picked for the grid's
 * rate are registered (checked in person where the worker has been, else by the resident's own
 * certification), the rest split between installed-unregistered, not installed and a few refusals
 * with a reason; family often declares for someone working away.
 */
function appStatusOf(
  member: MemberUpsert,
  grid: DemoGrid,
  known: { registered: boolean; statusesKnown: boolean; visited: boolean; year: number },
  random: DemoRandom
): MemberApp | null {
  if (!isEligible(member, known.year)) return declaredFromAway(member, grid, known.year, random)
  if (known.registered) {
    return {
      memberId: member.id,
      status: 'registered',
      alertsOn: random.chance(0.8),
      region: grid.villageCode,
      evidence: known.visited
        ? random.weighted({ in_person: 80, screenshot: 15, self_declared: 5 })
        : random.weighted({ screenshot: 60, self_declared: 40 })
    }
  }
  if (!known.statusesKnown) return null
  const status = random.weighted({ installed_unregistered: 40, not_installed: 48, refused: 12 })
  if (status === 'refused') return { memberId: member.id, status, evidence: 'in_person', reason: random.pick(REFUSAL_REASONS) }
  return { memberId: member.id, status, alertsOn: false, evidence: 'in_person' }
}

function declaredFromAway(member: MemberUpsert, grid: DemoGrid, year: number, random: DemoRandom): MemberApp | null {
  const adultWithSmartphone = member.smartphone === 'yes' && year - (member.birthYear ?? year) >= ELIGIBLE_AGE
  if (!member.away || !adultWithSmartphone || !random.chance(0.3)) return null
  return {
    memberId: member.id,
    status: 'registered',
    alertsOn: random.chance(0.6),
    region: grid.villageCode,
    evidence: random.chance(0.5) ? 'screenshot' : 'self_declared'
  }
}

interface PlannedVisit {
  kind: VisitKind
  at: string
}

/**
 * When the worker came: often a visit last quarter, then for the homes picked this quarter a visit
 * (some followed by a phone call), all in working hours and before `now`.
 */
function visitTimeline(visitedThisQuarter: boolean, random: DemoRandom, now: Date): { firstContact: string; visits: PlannedVisit[] } {
  const quarter = periodInstants(currentQuarter(now))
  const quarterStart = Date.parse(quarter.from)
  const previousQuarterStart = quarterStart - 91 * 24 * 3600 * 1000
  const visits: PlannedVisit[] = []
  if (random.chance(0.55)) visits.push({ kind: 'in_person', at: workingTimeBetween(previousQuarterStart, quarterStart, random) })
  if (visitedThisQuarter) {
    const visitAt = workingTimeBetween(quarterStart, now.getTime(), random)
    visits.push({ kind: random.weighted({ in_person: 88, phone: 9, other: 3 }), at: visitAt })
    if (random.chance(0.2)) visits.push({ kind: 'phone', at: workingTimeBetween(Date.parse(visitAt), now.getTime(), random) })
  }
  const firstContact = visits[0]?.at ?? workingTimeBetween(previousQuarterStart, quarterStart, random)
  return { firstContact, visits }
}

/** A time in [from, to) at 8:00-18:00 China time when the range allows, else anywhere in it. */
function workingTimeBetween(from: number, to: number, random: DemoRandom): string {
  const at = from + random.next() * (to - from)
  const cstHour = new Date(at + 8 * 3600 * 1000).getUTCHours()
  const shifted = at + ((random.int(8, 17) - cstHour) * 3600 * 1000)
  return new Date(shifted >= from && shifted < to ? shifted : at).toISOString()
}

function inPersonActions(apps: ReadonlyArray<MemberApp>, random: DemoRandom): VisitAction[] {
  const actions: VisitAction[] = ['cases_explained']
  if (random.chance(0.85)) actions.push('materials_given')
  if (random.chance(0.45)) actions.push('pledge_signed')
  if (apps.some((app) => app.status === 'registered' && app.evidence === 'in_person') && random.chance(0.6)) actions.push('app_install_helped')
  if (apps.some((app) => app.alertsOn) && random.chance(0.5)) actions.push('alerts_enabled')
  if (random.chance(0.35)) actions.push('group_joined')
  return actions
}

function phoneActions(random: DemoRandom): VisitAction[] {
  return random.chance(0.4) ? ['cases_explained', 'group_joined'] : ['cases_explained']
}

function visitNote(kind: HouseholdKind, random: DemoRandom): string | undefined {
  if (!random.chance(0.2)) return undefined
  return random.pick(kind === 'elderly_alone' ? ELDERLY_ALONE_NOTES : VISIT_NOTES)
}
