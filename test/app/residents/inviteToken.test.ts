import { inviteTokenOf } from '@/features/residents/inviteToken'

describe('inviteTokenOf', () => {
  it("reads a 小程序码's URL-encoded scene, or a link's token", () => {
    expect(inviteTokenOf({ scene: encodeURIComponent('inv-7Q m2') })).toBe('inv-7Q m2')
    expect(inviteTokenOf({ token: 'inv-abc' })).toBe('inv-abc')
  })

  it('answers an empty token for a query without one, and keeps a malformed scene as it came', () => {
    expect(inviteTokenOf({})).toBe('')
    expect(inviteTokenOf({ scene: '%E4%' })).toBe('%E4%')
  })
})
