import { compareMembers, summarizeHousehold, type SummaryMember } from '../../src/core/householdSummary'

const HOUSEHOLD = { id: 'h1', gridId: 'g1', villageCode: '141002001001', address: { group: '三组', building: '5', door: '301' } }

function member(fields: Partial<SummaryMember> & { id: string; name: string }): SummaryMember {
  return { isHead: false, birthYear: 1980, smartphone: 'yes', away: null, tags: [], appStatus: null, ...fields }
}

test('members are listed head first, then oldest first (unknown birth year last), then by name and id', () => {
  const members = [
    member({ id: 'm5', name: '王小宝', birthYear: null }),
    member({ id: 'm4', name: '𠀋一', birthYear: 1990 }),
    member({ id: 'm3', name: '＃二', birthYear: 1990 }),
    member({ id: 'm2', name: '李秀兰', birthYear: 1950 }),
    member({ id: 'm1', name: '王建华', birthYear: 1980, isHead: true })
  ]
  // Names compare by code point: ＃ (U+FF03) before 𠀋 (U+2000B).
  expect([...members].sort(compareMembers).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
})

test('a household’s list fields follow from its members and its last visit', () => {
  const summary = summarizeHousehold(
    HOUSEHOLD,
    [
      member({ id: 'm1', name: '王建华', isHead: true, appStatus: 'registered' }),
      member({ id: 'm2', name: '李秀兰', birthYear: 1982 }),
      member({ id: 'm3', name: '王小宝', birthYear: 2018 }),
      member({ id: 'm4', name: '王小军', away: { place: '太原' }, appStatus: 'registered' })
    ],
    '2026-11-20T02:30:00.000Z',
    2026
  )
  expect(summary).toEqual({
    id: 'h1',
    gridId: 'g1',
    villageCode: '141002001001',
    addressText: '三组 5栋 301号',
    headNameMasked: '王*华',
    memberCount: 4,
    // The child and the member away do not count.
    eligible: 2,
    registered: 1,
    lastVisitAt: '2026-11-20T02:30:00.000Z'
  })
})

test('with two heads (a head moved in from another household) the head is the first of them in member order', () => {
  const members = [member({ id: 'm2', name: '李秀兰', isHead: true, birthYear: 1982 }), member({ id: 'm1', name: '欧阳志明', isHead: true, birthYear: 1960 })]
  expect(summarizeHousehold(HOUSEHOLD, members, null, 2026).headNameMasked).toBe('欧**明')
  expect(summarizeHousehold(HOUSEHOLD, [member({ id: 'm1', name: '李强' })], null, 2026).headNameMasked).toBe('')
})
