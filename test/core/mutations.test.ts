import { EMPTY_GRID, type LocalContext, type LocalGrid } from '../../src/core/localGrid'
import {
  MUTATION_TYPES,
  applyMutationLocally,
  applyMutationsLocally,
  describeMutation,
  householdsTouchedBy,
  type Mutation,
  type MutationInput
} from '../../src/core/mutations'
import { applyPulledPage, pendingCertifications } from '../../src/core/localCache'
import type { CertificationView } from '../../src/core/certification'

const H1 = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01'
const H2 = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e02'
const M1 = '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f01'
const M2 = '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9f02'
const V1 = 'a1b2c3d4-0000-4000-8000-000000000001'
const GRID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'
const C1 = 'c0c0c0c0-0000-4000-8000-000000000001'
const CONTEXT: LocalContext = { now: new Date('2026-11-27T02:00:00.000Z'), worker: { id: 'u-worker', name: '张小明' } }

let serial = 0
function mutations(...inputs: MutationInput[]): Mutation[] {
  return inputs.map((input) => ({ ...input, id: `m${++serial}`, at: '2026-11-27T02:00:00.000Z' }))
}
function apply(grid: LocalGrid, ...inputs: MutationInput[]): LocalGrid {
  return applyMutationsLocally(grid, mutations(...inputs), CONTEXT)
}
const household = (id: string, door = '1'): MutationInput => ({ type: 'household.upsert', payload: { id, gridId: GRID, address: { group: '三组', door } } })
const member = (id: string, householdId: string, extra: Record<string, unknown> = {}): MutationInput => ({
  type: 'member.upsert',
  payload: { id, householdId, name: '王秀兰', smartphone: 'yes', ...extra }
})

test('the mutation types of API.md, each with a Chinese line for the sync page', () => {
  expect([...MUTATION_TYPES].sort()).toEqual([
    'certification.review',
    'household.delete',
    'household.move',
    'household.upsert',
    'member.app',
    'member.delete',
    'member.upsert',
    'visit.record'
  ])
  const lines = mutations(
    household(H1),
    { type: 'household.delete', payload: { id: H1 } },
    { type: 'household.move', payload: { id: H1, gridId: GRID } },
    member(M1, H1),
    { type: 'member.delete', payload: { id: M1 } },
    { type: 'member.app', payload: { memberId: M1, status: 'registered', evidence: 'in_person' } },
    { type: 'visit.record', payload: { id: V1, householdId: H1, kind: 'phone', at: '2026-11-27T10:00:00+08:00', actions: [] } },
    { type: 'certification.review', payload: { certificationId: C1, decision: 'accept' } },
    { type: 'certification.review', payload: { certificationId: C1, decision: 'reject', reason: '截图看不清' } }
  ).map(describeMutation)
  expect(lines).toEqual([
    '保存户：三组 1号',
    '删除户',
    '将户调整到其他网格',
    '保存成员：王秀兰',
    '删除成员',
    '登记APP状态：已注册',
    '走访记录：电话',
    '审核居民认证：通过',
    '审核居民认证：不通过（截图看不清）'
  ])
})

test('a household upsert keeps no empty address part, keeps a note left out, and counts versions', () => {
  let grid = apply(EMPTY_GRID, { type: 'household.upsert', payload: { id: H1, gridId: GRID, address: { group: ' 三组 ', door: '' }, note: '老人在家' } })
  grid = apply(grid, household(H1, '2'))
  expect(grid.households[H1]).toEqual({ id: H1, gridId: GRID, villageCode: '', address: { group: '三组', door: '2' }, note: '老人在家', version: 2 })
})

test('a payload the schema refuses changes nothing, as the server refuses it', () => {
  const grid = apply(EMPTY_GRID, household(H1))
  expect(apply(grid, member(M1, H1, { phone: '12345' }))).toBe(grid)
  expect(apply(grid, { type: 'household.upsert', payload: { id: H1, gridId: GRID, address: {} } })).toBe(grid)
})

test('a payload the time rules refuse changes nothing either, at the phone’s clock', () => {
  const grid = apply(EMPTY_GRID, household(H1), member(M1, H1))
  const visitAt = (at: string): MutationInput => ({ type: 'visit.record', payload: { id: V1, householdId: H1, kind: 'in_person', at, actions: [] } })
  // CONTEXT.now is 2026-11-27T02:00Z: a visit 11 minutes ahead, one before 2000 and a member born next year are refused.
  expect(apply(grid, visitAt('2026-11-27T02:11:00.000Z'))).toBe(grid)
  expect(apply(grid, visitAt('1999-12-31T10:00:00+08:00'))).toBe(grid)
  expect(apply(grid, member(M1, H1, { birthYear: 2027 }))).toBe(grid)
  expect(apply(grid, visitAt('2026-11-27T02:09:00.000Z')).visits[V1]).toBeDefined()
  expect(householdsTouchedBy(grid, mutations(visitAt('2026-11-27T02:11:00.000Z')), CONTEXT).size).toBe(0)
})

test('deleting a household deletes its members and visits; later edits of any of them change nothing', () => {
  let grid = apply(EMPTY_GRID, household(H1), household(H2), member(M1, H1), {
    type: 'visit.record',
    payload: { id: V1, householdId: H1, kind: 'in_person', at: '2026-11-20T10:00:00+08:00', actions: [] }
  })
  grid = apply(grid, { type: 'household.delete', payload: { id: H1 } })
  expect(grid.households[H1]).toBeUndefined()
  expect(grid.members[M1]).toBeUndefined()
  expect(grid.visits[V1]).toBeUndefined()
  const after = apply(grid, household(H1), member(M1, H2), {
    type: 'visit.record',
    payload: { id: V1, householdId: H2, kind: 'in_person', at: '2026-11-21T10:00:00+08:00', actions: [] }
  })
  expect(after).toBe(grid)
})

test('moving a household changes its grid and version only; an unknown, deleted or unmoved one stays as it is', () => {
  const OTHER_GRID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d02'
  const grid = apply(EMPTY_GRID, household(H1), member(M1, H1))
  const moved = apply(grid, { type: 'household.move', payload: { id: H1, gridId: OTHER_GRID } })
  expect(moved.households[H1]).toEqual({ ...grid.households[H1], gridId: OTHER_GRID, version: 2 })
  expect(moved.members).toBe(grid.members)
  expect(apply(grid, { type: 'household.move', payload: { id: H1, gridId: GRID } })).toBe(grid)
  expect(apply(grid, { type: 'household.move', payload: { id: H2, gridId: OTHER_GRID } })).toBe(grid)
  const deleted = apply(grid, { type: 'household.delete', payload: { id: H1 } })
  expect(apply(deleted, { type: 'household.move', payload: { id: H1, gridId: OTHER_GRID } })).toBe(deleted)
})

test('a member marked head makes the household’s other head a member; numbers are kept masked', () => {
  let grid = apply(EMPTY_GRID, household(H1), member(M1, H1, { isHead: true }), member(M2, H1, { isHead: true, phone: '+86 138 1234 1234' }))
  expect(grid.members[M1].isHead).toBe(false)
  expect(grid.members[M2]).toMatchObject({ isHead: true, phoneMasked: '138****1234' })
  grid = apply(grid, member(M2, H1, { phone: '' }))
  expect(grid.members[M2].phoneMasked).toBeNull()
})

test('evidence only goes up, unless a reason says it is a correction', () => {
  const recorded = apply(EMPTY_GRID, household(H1), member(M1, H1), {
    type: 'member.app',
    payload: { memberId: M1, status: 'registered', alertsOn: true, evidence: 'in_person' }
  })
  const weaker: MutationInput = { type: 'member.app', payload: { memberId: M1, status: 'not_installed', evidence: 'self_declared' } }
  expect(apply(recorded, weaker)).toBe(recorded)
  const corrected = apply(recorded, { type: 'member.app', payload: { memberId: M1, status: 'not_installed', evidence: 'self_declared', reason: '录错了' } })
  expect(corrected.members[M1].app).toEqual({ status: 'not_installed', alertsOn: false, region: null, evidence: 'self_declared', reason: '录错了', updatedAt: '2026-11-27T02:00:00.000Z' })
})

test('a visit keeps its household: recording its id again for another household changes nothing', () => {
  const visit = (householdId: string, at: string): MutationInput => ({ type: 'visit.record', payload: { id: V1, householdId, kind: 'in_person', at, actions: ['cases_explained', 'cases_explained'] } })
  const grid = apply(EMPTY_GRID, household(H1), household(H2), visit(H1, '2026-11-20T10:00:00+08:00'))
  expect(grid.visits[V1]).toEqual({
    id: V1,
    householdId: H1,
    workerId: 'u-worker',
    workerName: '张小明',
    kind: 'in_person',
    at: '2026-11-20T02:00:00.000Z',
    actions: ['cases_explained'],
    note: null
  })
  expect(apply(grid, visit(H2, '2026-11-21T10:00:00+08:00'))).toBe(grid)
})

test('the households waiting changes are about: each once, a member moving counts both households', () => {
  const base = apply(EMPTY_GRID, household(H1), household(H2), member(M1, H1))
  const waiting = mutations(
    member(M2, H1),
    { type: 'member.app', payload: { memberId: M2, status: 'registered', evidence: 'in_person' } },
    { type: 'member.delete', payload: { id: M2 } }
  )
  expect([...householdsTouchedBy(base, waiting, CONTEXT)]).toEqual([H1])
  expect([...householdsTouchedBy(base, mutations(member(M1, H2)), CONTEXT)].sort()).toEqual([H1, H2].sort())
  // A change about a member the phone does not know names no household.
  expect(householdsTouchedBy(EMPTY_GRID, mutations({ type: 'member.delete', payload: { id: M1 } }), CONTEXT).size).toBe(0)
})

test('one mutation is applied like a list of one', () => {
  const [one] = mutations(household(H1))
  expect(applyMutationLocally(EMPTY_GRID, one, CONTEXT)).toEqual(applyMutationsLocally(EMPTY_GRID, [one], CONTEXT))
})


describe('certification.review on the phone’s copy', () => {
  const pending = (extra: Partial<CertificationView> = {}): CertificationView => ({
    id: C1,
    householdId: H1,
    memberId: M1,
    memberNameMasked: '王*兰',
    status: 'registered',
    alertsOn: true,
    region: null,
    uploadId: null,
    state: 'pending',
    reason: null,
    createdAt: '2026-11-26T02:00:00.000Z',
    decidedAt: null,
    ...extra
  })
  const withCertification = (grid: LocalGrid, certification: CertificationView): LocalGrid => ({ ...grid, certifications: { [C1]: certification } })
  const review = (decision: 'accept' | 'reject', reason?: string): MutationInput => ({
    type: 'certification.review',
    payload: { certificationId: C1, decision, ...(reason ? { reason } : {}) }
  })

  it('accepting sets the member’s status: a screenshot is 截图核实, none 本人申报', () => {
    const base = apply(EMPTY_GRID, household(H1), member(M1, H1))
    const declared = apply(withCertification(base, pending()), review('accept'))
    expect(declared.certifications?.[C1]).toMatchObject({ state: 'accepted', decidedAt: CONTEXT.now.toISOString() })
    expect(declared.members[M1].app).toMatchObject({ status: 'registered', alertsOn: true, evidence: 'self_declared' })
    const shown = apply(withCertification(base, pending({ uploadId: V1 })), review('accept'))
    expect(shown.members[M1].app?.evidence).toBe('screenshot')
    expect(householdsTouchedBy(withCertification(base, pending()), mutations(review('accept')), CONTEXT)).toEqual(new Set([H1]))
  })

  it('never lowers the member’s evidence', () => {
    const base = apply(EMPTY_GRID, household(H1), member(M1, H1), {
      type: 'member.app',
      payload: { memberId: M1, status: 'installed_unregistered', evidence: 'in_person' }
    })
    const grid = apply(withCertification(base, pending({ uploadId: V1 })), review('accept'))
    expect(grid.members[M1].app).toMatchObject({ status: 'registered', evidence: 'in_person' })
  })

  it('rejecting keeps the reason and leaves the member; without a reason, or twice, nothing changes', () => {
    const base = withCertification(apply(EMPTY_GRID, household(H1), member(M1, H1)), pending())
    expect(apply(base, review('reject'))).toBe(base)
    const rejected = apply(base, review('reject', '截图看不清'))
    expect(rejected.certifications?.[C1]).toMatchObject({ state: 'rejected', reason: '截图看不清' })
    expect(rejected.members[M1].app).toBeNull()
    expect(apply(rejected, review('accept'))).toBe(rejected)
  })

  it('the queue lists pending ones of live households, oldest first, with the member’s name from the copy', () => {
    const base = apply(EMPTY_GRID, household(H1), member(M1, H1))
    const later = { ...pending(), id: V1, createdAt: '2026-11-26T03:00:00.000Z' }
    const grid: LocalGrid = { ...base, certifications: { [V1]: later, [C1]: pending() } }
    expect(pendingCertifications(grid).map((item) => [item.certification.id, item.memberName, item.addressText])).toEqual([
      [C1, '王秀兰', '三组 1号'],
      [V1, '王秀兰', '三组 1号']
    ])
    expect(pendingCertifications(apply(grid, { type: 'household.delete', payload: { id: H1 } }))).toEqual([])
    expect(pendingCertifications(apply(grid, { type: 'member.delete', payload: { id: M1 } }))).toEqual([])
  })

  it('a deleted member’s certification can no longer be decided, as the server refuses it', () => {
    const base = withCertification(apply(EMPTY_GRID, household(H1), member(M1, H1)), pending())
    const withoutMember = apply(base, { type: 'member.delete', payload: { id: M1 } })
    expect(apply(withoutMember, review('accept'))).toBe(withoutMember)
    expect(apply(withoutMember, review('reject', '成员已迁出'))).toBe(withoutMember)
  })

  it('a renamed member’s certification is named as the member is now, locally and when pulled', () => {
    const base = withCertification(apply(EMPTY_GRID, household(H1), member(M1, H1)), pending())
    const renamed = apply(base, { type: 'member.upsert', payload: { id: M1, householdId: H1, name: '李强', smartphone: 'yes' } })
    expect(renamed.certifications?.[C1]?.memberNameMasked).toBe('李*')
    const pulled = applyPulledPage(base, [{ entity: 'member', id: M1, op: 'upsert', data: { ...base.members[M1], name: '欧阳志明' } }])
    expect(pulled.certifications?.[C1]?.memberNameMasked).toBe('欧**明')
  })

  it('pulled certifications fill the copy, and a household delete keeps them', () => {
    const grid = applyPulledPage(EMPTY_GRID, [{ entity: 'certification', id: C1, op: 'upsert', data: pending() }])
    expect(grid.certifications?.[C1]?.state).toBe('pending')
    const afterDelete = apply(apply(grid, household(H2)), { type: 'household.delete', payload: { id: H2 } })
    expect(afterDelete.certifications?.[C1]).toBeDefined()
    expect(applyPulledPage(grid, [{ entity: 'certification', id: C1, op: 'delete' }]).certifications?.[C1]).toBeUndefined()
  })
})
