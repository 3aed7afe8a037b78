import { DEFAULT_VISIT_ACTIONS, DEFAULT_VISIT_KIND, planVisitRecord } from '@/features/visits/quickVisit'

const VISIT_ID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d99'
const HOUSEHOLD_ID = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01'
const AT = '2026-11-27T10:00:00+08:00'

test('the default visit is in person, explaining cases and handing out materials', () => {
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, AT, { kind: DEFAULT_VISIT_KIND, actions: DEFAULT_VISIT_ACTIONS, note: '  ' })
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
  })
  expect(plan.payload).toMatchObject({ kind: 'phone', actions: ['cases_explained', 'alerts_enabled', 'group_joined'], note: '已加微信群' })
})

test('what the server would reject is refused with the core’s Chinese messages', () => {
  const plan = planVisitRecord(VISIT_ID, HOUSEHOLD_ID, AT, { kind: 'in_person', actions: [], note: '很长'.repeat(101) })
  expect(plan.payload).toBeNull()
  expect(plan.errors).toEqual([expect.objectContaining({ field: 'note', message: expect.stringContaining('最多200个字') })])
})
