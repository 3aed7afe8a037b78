import fc from 'fast-check'
import type { MemberView, VisitView } from '../../src/core/api'
import { APP_STATUSES, EVIDENCE_KINDS } from '../../src/core/appStatus'
import { CERTIFICATION_STATES, type CertificationView } from '../../src/core/certification'
import { decodeGrid, encodeGrid } from '../../src/core/compactGrid'
import type { LocalGrid, LocalHousehold } from '../../src/core/localGrid'
import { GENDERS, PRIORITY_TAGS, SMARTPHONE_ANSWERS } from '../../src/core/member'
import { VISIT_ACTIONS, VISIT_KINDS } from '../../src/core/visit'

/**
 * The stored form of a grid (core/compactGrid) reads back as exactly the records written: every field,
 * absent optional parts, nulls, ids that are not UUIDs, instants in any text, members of households the
 * copy lacks, and few or many records (the column forms change with the values).
 */

// Ids: mostly UUIDs (packed), sometimes anything (the column is then kept as text) but the names of
// Object.prototype's properties: jest's toStrictEqual compares objects' `constructor`, which an own
// record keyed `constructor` stands in for (`__proto__` has a test of its own below).
const idArb = fc.oneof(
  { weight: 5, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).filter((id) => !(id in Object.prototype)) }
)
const textArb = fc.oneof(fc.constantFrom('王秀兰', '欧阳志明', '户主', '三组', ''), fc.string({ unit: 'grapheme', maxLength: 8 }))
const instantArb = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  // Not toISOString's text, or not a day of its month (Date.parse rolls 02-30 over to March).
  fc.constantFrom('2026-11-01T09:00:00+08:00', 'not a date', '2026-02-30T00:00:00.000Z', '2026-10-20T20:57:60.000Z', '2026-11-01T24:00:00.000Z')
)
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })

const householdArb = (gridId: string) =>
  fc.record({
    id: idArb,
    gridId: fc.constantFrom(gridId, 'b5f0a0c2-0000-4000-8000-000000000002'),
    villageCode: fc.constantFrom('141002103201', '141002103202'),
    address: fc.record({ group: textArb, building: textArb, unit: textArb, door: textArb, text: textArb }, { requiredKeys: [] }),
    note: nullable(textArb),
    version: fc.integer({ min: 1, max: 40 })
  }) satisfies fc.Arbitrary<LocalHousehold>

const appArb = fc.record({
  status: fc.constantFrom(...APP_STATUSES),
  alertsOn: fc.boolean(),
  region: nullable(fc.constantFrom('141002103201', '14')),
  evidence: fc.constantFrom(...EVIDENCE_KINDS),
  reason: nullable(textArb),
  updatedAt: instantArb
})

const memberArb = (householdIds: fc.Arbitrary<string>) =>
  fc.record({
    id: idArb,
    householdId: householdIds,
    name: textArb,
    gender: fc.constantFrom(...GENDERS),
    birthYear: nullable(fc.integer({ min: 1900, max: 2026 })),
    phoneMasked: nullable(fc.constantFrom('138****1234', '139****0000')),
    idNumberMasked: nullable(fc.constantFrom('1410**********1234')),
    relation: nullable(textArb),
    smartphone: fc.constantFrom(...SMARTPHONE_ANSWERS),
    away: nullable(fc.record({ place: textArb })),
    tags: fc.uniqueArray(fc.constantFrom(...PRIORITY_TAGS), { maxLength: 2 }),
    isHead: fc.boolean(),
    app: nullable(appArb)
  }) satisfies fc.Arbitrary<MemberView>

const visitArb = (householdIds: fc.Arbitrary<string>) =>
  fc.record({
    id: idArb,
    householdId: householdIds,
    workerId: fc.constantFrom('u-worker', 'c0ffee00-0000-4000-8000-000000000001'),
    workerName: textArb,
    kind: fc.constantFrom(...VISIT_KINDS),
    at: instantArb,
    actions: fc.uniqueArray(fc.constantFrom(...VISIT_ACTIONS), { maxLength: 3 }),
    note: nullable(textArb)
  }) satisfies fc.Arbitrary<VisitView>

const certificationArb = fc.record({
  id: idArb,
  householdId: idArb,
  memberId: idArb,
  memberNameMasked: textArb,
  status: fc.constantFrom(...APP_STATUSES),
  alertsOn: fc.boolean(),
  region: nullable(fc.constant('141002103201')),
  uploadId: nullable(fc.uuid()),
  state: fc.constantFrom(...CERTIFICATION_STATES),
  reason: nullable(textArb),
  createdAt: instantArb,
  decidedAt: nullable(instantArb)
}) satisfies fc.Arbitrary<CertificationView>

function keyed<R extends { id: string }>(records: R[]): Record<string, R> {
  return Object.fromEntries(records.map((record) => [record.id, record]))
}

const gridArb: fc.Arbitrary<LocalGrid> = fc
  .uniqueArray(householdArb('5e0c7a10-1b2c-4d3e-8f40-000000005000'), { selector: (h) => h.id, maxLength: 30 })
  .chain((households) => {
    // Members and visits of the copy's households, and now and then of one it does not have.
    const householdIds = households.length > 0 ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...households.map((h) => h.id)) }, { weight: 1, arbitrary: idArb }) : idArb
    return fc.record(
      {
        households: fc.constant(keyed(households)),
        members: fc.uniqueArray(memberArb(householdIds), { selector: (m) => m.id, maxLength: 80 }).map(keyed),
        visits: fc.uniqueArray(visitArb(householdIds), { selector: (v) => v.id, maxLength: 30 }).map(keyed),
        deleted: fc.uniqueArray(idArb, { maxLength: 5 }).map((ids) => Object.fromEntries(ids.map((gone) => [gone, true as const]))),
        certifications: fc.uniqueArray(certificationArb, { selector: (c) => c.id, maxLength: 3 }).map(keyed)
      },
      { requiredKeys: ['households', 'members', 'visits'] }
    )
  })

test('a grid stored in columns reads back as exactly its records, through JSON', () => {
  fc.assert(
    fc.property(gridArb, (grid) => {
      const stored = JSON.parse(JSON.stringify(encodeGrid(grid)))
      const read = decodeGrid(stored)
      // As plain JSON objects, which is what records read from storage are (fast-check's differ in prototype).
      expect(read).toStrictEqual(JSON.parse(JSON.stringify(grid)))
      // In the same order, which the lists' ties fall back on.
      expect(Object.keys(read.members)).toEqual(Object.keys(grid.members))
    }),
    { numRuns: 300 }
  )
})

test('a grid of thousands is a fraction of its records as JSON', () => {
  const households = Array.from({ length: 2_000 }, (_, n) => ({
    id: crypto.randomUUID(),
    gridId: '5e0c7a10-1b2c-4d3e-8f40-000000005000',
    villageCode: '141002103201',
    address: { group: `${1 + (n % 7)}组`, door: String(n) },
    note: null,
    version: 1
  }))
  const members = households.flatMap((household, n) =>
    [0, 1, 2].map(
      (m): MemberView => ({
        id: crypto.randomUUID(),
        householdId: household.id,
        name: ['王秀兰', '李强', '张伟'][m],
        gender: m === 0 ? 'female' : 'male',
        birthYear: 1950 + ((n + m * 17) % 70),
        phoneMasked: null,
        idNumberMasked: null,
        relation: m === 0 ? '户主' : null,
        smartphone: 'yes',
        away: null,
        tags: [],
        isHead: m === 0,
        app: m === 1 ? { status: 'registered', alertsOn: true, region: '141002103201', evidence: 'in_person', reason: null, updatedAt: new Date(1.79e12 + n * 1000).toISOString() } : null
      })
    )
  )
  const grid: LocalGrid = { households: keyed(households), members: keyed(members), visits: {} }
  const records = JSON.stringify(grid).length
  const stored = JSON.stringify(encodeGrid(grid)).length
  expect(stored).toBeLessThan(records / 5)
  expect(decodeGrid(JSON.parse(JSON.stringify(encodeGrid(grid))))).toStrictEqual(grid)
})

test('records keyed `__proto__` or `constructor` stay records, as JSON.parse reads them', () => {
  const member = (id: string): MemberView => ({
    id,
    householdId: 'h',
    name: '王秀兰',
    gender: 'female',
    birthYear: 1970,
    phoneMasked: null,
    idNumberMasked: null,
    relation: null,
    smartphone: 'yes',
    away: null,
    tags: [],
    isHead: false,
    app: null
  })
  const members = Object.fromEntries([member('__proto__'), member('constructor')].map((record) => [record.id, record]))
  const stored = JSON.stringify(encodeGrid({ households: {}, members, visits: {} }))
  const read = decodeGrid(JSON.parse(stored))
  expect(Object.getPrototypeOf(read.members)).toBe(Object.prototype)
  expect(Object.keys(read.members)).toEqual(['__proto__', 'constructor'])
  expect(Object.getOwnPropertyDescriptor(read.members, '__proto__')?.value).toEqual(member('__proto__'))
  expect(read.members.constructor).toEqual(member('constructor'))
})
