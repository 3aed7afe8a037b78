import { DEFAULT_VISIT_ACTIONS, DEFAULT_VISIT_KIND, planVisitRecord } from '@/features/visits/quickVisit'

const VISIT_ID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d99'
const HOUSEHOLD_ID = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01'
const AT = '2026-11-27T10:00:00+08:00'
/** The phone's clock when the visit is saved: the visit is stamped with it. */
const NOW = new Date(AT)

test('the default visit is in person, explaining cases and handing out materials', () => {
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, AT, { kind: DEFAULT_VISIT_KIND, actions: DEFAULT_VISIT_ACTIONS, note: '  ' }, NOW)
  expect(plan).toEqual({
    errors: null,
    payload: { id: VISIT_ID, householdId: HOUSEHOLD_ID, kind: 'in_person', at: AT, actions: ['cases_explained', 'materials_given'] }
  })
})

test('actions come out in their canonical order, whatever order they were tapped in; a note is trimmed', () => {
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, AT, {
    kind: 'phone',
    actions: ['group_joined', 'alerts_enabled', 'cases_explained'],
    note: ' 已加微信群 '
  }, NOW)
  expect(plan.payload).toMatchObject({ kind: 'phone', actions: ['cases_explained', 'alerts_enabled', 'group_joined'], note: '已加微信群' })
})

test('what the server would reject is refused with the core’s Chinese messages', () => {
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, AT, { kind: 'in_person', actions: [], note: '很长'.repeat(101) }, NOW)
  expect(plan.payload).toBeNull()
  expect(plan.errors).toEqual([expect.objectContaining({ field: 'note', message: expect.stringContaining('最多200个字') })])
})

test('a note holding a phone or ID number is refused, naming 备注', () => {
  for (const note of ['老人电话 138 1234 5678', '身份证11010519491231002X']) {
    const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, AT, { kind: 'in_person', actions: [], note }, NOW)
    expect(plan).toEqual({ payload: null, errors: [{ field: 'note', message: '备注不能包含手机号或身份证号' }] })
  }
})

test('a phone whose clock was reset is told to check its time; a visit ahead of the clock is refused too', () => {
  const reset = new Date('1970-01-01T00:03:00Z')
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, reset.toISOString(), { kind: 'in_person', actions: [], note: '' }, reset)
  expect(plan.errors).toEqual([{ field: 'at', message: '时间不能早于2000年（请检查手机的日期和时间）' }])
  const ahead = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, '2026-11-27T10:11:00+08:00', { kind: 'in_person', actions: [], note: '' }, NOW)
  expect(ahead.errors).toEqual([{ field: 'at', message: '时间不能晚于现在（请检查手机的日期和时间）' }])
})

test('every error is shown at once: the schema’s and the time rule’s', () => {
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, '1999-12-31T23:59:00+08:00', { kind: 'in_person', actions: [], note: '很长'.repeat(101) }, NOW)
  expect(plan.errors?.map((error) => error.field)).toEqual(['note', 'at'])
})
