import { newHouseholdDraft, newMemberDraft, planSave, type HouseholdDraft, type MemberDraft } from '@/features/households/draft'

const HOUSEHOLD_ID = '5d1f0c52-7a4e-4b8e-9f27-0a1b2c3d4e01'
const GRID_ID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'
const MEMBER_ID = '7c0e2a10-1b2c-4d3e-8f40-5a6b7c8d9e01'
/** The phone's clock: 15 November 2026, China time. */
const NOW = new Date('2026-11-15T10:00:00+08:00')

function householdWith(member: Partial<MemberDraft>, note = ''): HouseholdDraft {
  const draft = newHouseholdDraft(HOUSEHOLD_ID, GRID_ID)
  return {
    ...draft,
    address: { ...draft.address, group: '三组', door: '301' },
    note,
    members: [{ ...newMemberDraft(MEMBER_ID, true), name: '王建华', birthYear: '1958', ...member }]
  }
}

test('a plain new household plans its household and member mutations', () => {
  const plan = planSave(null, householdWith({}, '老人独居，东头第三家'), NOW)
  expect(plan.errors).toBeNull()
  expect(plan.mutations.map((mutation) => mutation.type)).toEqual(['household.upsert', 'member.upsert'])
})

test('a note holding an ID number is refused under 备注 with the core’s message, and nothing is planned', () => {
  const plan = planSave(null, householdWith({}, '身份证11010519491231002X'), NOW)
  expect(plan.mutations).toEqual([])
  expect(plan.errors).toEqual({ household: [{ field: 'note', message: '备注不能包含手机号或身份证号' }], members: {} })
})

test('a phone number typed into an address part or the away place is refused there', () => {
  const draft = householdWith({ away: true, awayPlace: '太原 电话１３８１２３４５６７８' })
  const plan = planSave(null, { ...draft, address: { ...draft.address, text: '村东头 138-1234-5678' } }, NOW)
  expect(plan.errors?.household).toEqual([{ field: 'address.text', message: '详细地址不能包含手机号或身份证号' }])
  expect(plan.errors?.members[MEMBER_ID]).toEqual([{ field: 'away.place', message: '外出地点不能包含手机号或身份证号' }])
})

test('a birth year after this year (by the phone’s clock) is refused; this year is fine', () => {
  const future = planSave(null, householdWith({ birthYear: '2090' }), NOW)
  expect(future.errors?.members[MEMBER_ID]).toEqual([{ field: 'birthYear', message: '出生年份不能晚于2026年' }])
  expect(planSave(null, householdWith({ birthYear: '2026' }), NOW).errors).toBeNull()
  // A phone whose clock already reads 2027 accepts a baby born in 2027.
  expect(planSave(null, householdWith({ birthYear: '2027' }), new Date('2027-01-01T00:00:00+08:00')).errors).toBeNull()
})

test('a name with a direction override or only zero-width characters is refused, with every other error', () => {
  const plan = planSave(null, householdWith({ name: '\u200b\u200d', birthYear: '2090', away: true, awayPlace: '\u202e京北' }), NOW)
  expect(plan.errors?.members[MEMBER_ID]).toEqual([
    { field: 'name', message: '姓名不能只有不可见字符' },
    { field: 'away.place', message: '外出地点不能包含改变文字方向的控制字符' },
    { field: 'birthYear', message: '出生年份不能晚于2026年' }
  ])
})

test('an unchanged household loaded with an old note holding a number must be corrected before saving', () => {
  const original = householdWith({}, '联系电话13812345678')
  const plan = planSave(original, original, NOW)
  expect(plan.errors?.household).toEqual([{ field: 'note', message: '备注不能包含手机号或身份证号' }])
})
