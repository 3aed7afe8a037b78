import type { MemberView, VisitView } from '../../src/core/api'
import { EMPTY_GRID, applyPulledPage, coverageBreakdown, listLocalHouseholds, localHouseholdDetail, visitedHouseholds, type PulledChange } from '../../src/core/localCache'
import { currentQuarterInstants } from '../../src/core/period'

const NOW = new Date('2026-11-27T02:00:00.000Z')
const GRID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'

function householdChange(id: string, address: Record<string, string>, stale: Record<string, unknown> = {}): PulledChange {
  // What the server sent with the household when it was pulled: its list fields as they were then.
  const data = { id, gridId: GRID, villageCode: '141002001001', addressText: '', headNameMasked: '', memberCount: 0, eligible: 0, registered: 0, lastVisitAt: null, address, note: null, version: 1, ...stale }
  return { entity: 'household', id, op: 'upsert', data }
}
function memberChange(id: string, householdId: string, fields: Partial<MemberView> = {}): PulledChange {
  const data: MemberView = {
    id, householdId, name: '王秀兰', gender: 'unknown', birthYear: 1980, phoneMasked: null, idNumberMasked: null, relation: null,
    smartphone: 'yes', away: null, tags: [], isHead: false, app: null, ...fields
  }
  return { entity: 'member', id, op: 'upsert', data }
}
function visitChange(id: string, householdId: string, at: string): PulledChange {
  const data: VisitView = { id, householdId, workerId: 'u-worker', workerName: '张小明', kind: 'in_person', at, actions: [], note: null }
  return { entity: 'visit', id, op: 'upsert', data }
}

test('a visit pulled after its household shows on the household: its list fields come from the records, not from the pull', () => {
  const grid = applyPulledPage(EMPTY_GRID, [
    householdChange('h1', { group: '三组', door: '1' }, { lastVisitAt: null, memberCount: 5, headNameMasked: '旧*名' }),
    memberChange('m1', 'h1', { isHead: true, name: '王建华' })
  ])
  const visited = applyPulledPage(grid, [visitChange('v1', 'h1', '2026-11-20T02:00:00.000Z')])
  expect(listLocalHouseholds(visited, {}, NOW)).toEqual([
    expect.objectContaining({ id: 'h1', lastVisitAt: '2026-11-20T02:00:00.000Z', memberCount: 1, headNameMasked: '王*华' })
  ])
  expect(localHouseholdDetail(visited, 'h1', NOW)?.lastVisitAt).toBe('2026-11-20T02:00:00.000Z')
  expect(listLocalHouseholds(visited, { filters: ['not_visited'] }, NOW)).toEqual([])
  expect(visitedHouseholds(visited, currentQuarterInstants(NOW))).toEqual(new Set(['h1']))
})

test('a member deleted by a pull leaves the household’s figures, and later edits of it are refused until it comes back', () => {
  const grid = applyPulledPage(EMPTY_GRID, [householdChange('h1', { group: '三组' }), memberChange('m1', 'h1', { isHead: true })])
  const gone = applyPulledPage(grid, [{ entity: 'member', id: 'm1', op: 'delete' }])
  expect(localHouseholdDetail(gone, 'h1', NOW)).toMatchObject({ memberCount: 0, headNameMasked: '', members: [] })
  expect(gone.deleted).toEqual({ m1: true })
  const back = applyPulledPage(gone, [memberChange('m1', 'h1')])
  expect(back.deleted).toEqual({})
  expect(localHouseholdDetail(back, 'h1', NOW)?.memberCount).toBe(1)
})

test('the list is searched, filtered and ordered by the core’s definitions; the detail lists members and visits in their order', () => {
  const grid = applyPulledPage(EMPTY_GRID, [
    householdChange('h3', { text: '𠀋组' }),
    householdChange('h2', { group: '三组', building: '10' }),
    householdChange('h1', { group: '三组', building: '2' }),
    householdChange('h4', { text: '＃组' }),
    memberChange('m1', 'h1', { name: 'Ann', phoneMasked: '138****1234' }),
    memberChange('m2', 'h1', { name: '李强', birthYear: 1950, isHead: true }),
    visitChange('v1', 'h1', '2026-10-02T02:00:00.000Z'),
    visitChange('v2', 'h1', '2026-11-02T02:00:00.000Z')
  ])
  const ids = (query: Parameters<typeof listLocalHouseholds>[1]) => listLocalHouseholds(grid, query, NOW).map((h) => h.id)
  // 2栋 before 10栋; ＃ (U+FF03) before 𠀋 (U+2000B), as the databases order them.
  expect(ids({})).toEqual(['h1', 'h2', 'h4', 'h3'])
  expect(ids({ q: '2栋' })).toEqual(['h1'])
  expect(ids({ q: 'ann' })).toEqual([])
  expect(ids({ q: '138 9999 1234' })).toEqual(['h1'])
  expect(ids({ filters: ['priority'] })).toEqual(['h1'])
  expect(ids({ filters: ['not_visited'] })).toEqual(['h2', 'h4', 'h3'])
  const detail = localHouseholdDetail(grid, 'h1', NOW)!
  expect(detail.members.map((m) => m.id)).toEqual(['m2', 'm1'])
  expect(detail.visits.map((v) => v.id)).toEqual(['v2', 'v1'])
  expect(localHouseholdDetail(grid, 'nowhere', NOW)).toBeNull()
})

test('the members behind the coverage figures add up to them: registered, to register, not counted with reasons', () => {
  const registered = { status: 'registered' as const, alertsOn: true, region: null, evidence: 'in_person' as const, reason: null, updatedAt: '2026-11-01T02:00:00.000Z' }
  const refused = { ...registered, status: 'refused' as const, reason: '担心泄露隐私' }
  const grid = applyPulledPage(EMPTY_GRID, [
    householdChange('h2', { group: '三组', building: '10' }),
    householdChange('h1', { group: '三组', building: '2' }),
    memberChange('m1', 'h1', { name: '王建华', isHead: true, app: registered }),
    memberChange('m2', 'h1', { name: '王小红', birthYear: 2011 }),
    memberChange('m3', 'h1', { name: '王小军', away: { place: '太原' }, app: registered }),
    memberChange('m4', 'h2', { name: '李华', app: refused }),
    memberChange('m5', 'h2', { name: '李娜', smartphone: 'unknown' }),
    memberChange('m6', 'h2', { name: '李强', birthYear: 1950 })
  ])
  const breakdown = coverageBreakdown(grid, NOW)
  const names = (entries: ReadonlyArray<{ member: MemberView }>) => entries.map((entry) => entry.member.name)
  expect(names(breakdown.registered)).toEqual(['王建华'])
  // In the list's household order (2栋 before 10栋), with the address to go to.
  expect(breakdown.unregistered.map((entry) => [entry.member.name, entry.addressText])).toEqual([
    ['李强', '三组 10栋'],
    ['李华', '三组 10栋']
  ])
  expect(breakdown.notCounted.map((entry) => [entry.member.name, entry.reasons])).toEqual([
    ['王小军', ['away']],
    ['王小红', ['under_age']],
    ['李娜', ['smartphone_unknown']]
  ])
  // The same figures the list fields (and so the home screen) sum.
  const summaries = listLocalHouseholds(grid, {}, NOW)
  expect(breakdown.registered.length).toBe(summaries.reduce((sum, h) => sum + h.registered, 0))
  expect(breakdown.registered.length + breakdown.unregistered.length).toBe(summaries.reduce((sum, h) => sum + h.eligible, 0))
})
