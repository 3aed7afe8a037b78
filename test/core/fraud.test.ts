import fc from 'fast-check'
import { FRAUD_TYPES, LOSS_BANDS, describeWarning, lossBandOf } from '../../src/core/fraud'
import { FRAUD_KNOWLEDGE, knowledgeOf } from '../../src/core/knowledge'
import { badgeCheckPath, badgeTokenAt } from '../../src/core/badge'

describe('loss bands', () => {
  it('puts the edges where the labels say', () => {
    expect([null, 0, 1, 9_999, 10_000, 100_000, 100_001].map(lossBandOf)).toEqual(['none', 'none', 'under_10k', 'under_10k', '10k_100k', '10k_100k', 'over_100k'])
  })

  it('never goes down as the loss goes up', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        return LOSS_BANDS.indexOf(lossBandOf(low)) <= LOSS_BANDS.indexOf(lossBandOf(high))
      })
    )
  })
})

it('describes a warning without any figure but the month', () => {
  expect(describeWarning({ month: '2026-03', fraudType: 'fake_police', lossBand: 'over_100k', ageBand: '60_plus' })).toBe('2026年3月 · 60岁以上居民 · 损失10万元以上')
  expect(describeWarning({ month: '2026-11', fraudType: 'brushing', lossBand: 'none', ageBand: null })).toBe('2026年11月 · 居民 · 未造成损失')
})

it('has knowledge for every fraud type but 其他, each with what they say, how to tell and what to do', () => {
  expect(FRAUD_KNOWLEDGE.map((item) => item.type).sort()).toEqual(FRAUD_TYPES.filter((type) => type !== 'other').sort())
  for (const item of FRAUD_KNOWLEDGE) {
    expect(item.lines.length).toBeGreaterThan(0)
    expect(item.signs.length).toBeGreaterThan(0)
    expect(item.actions.length).toBeGreaterThan(0)
    expect(knowledgeOf(item.type)).toBe(item)
  }
  expect(knowledgeOf('other')).toBeNull()
})

describe('badge batch', () => {
  const batch = [
    { token: 'a', validFrom: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T10:05:00.000Z' },
    { token: 'b', validFrom: '2026-12-01T10:05:00.000Z', expiresAt: '2026-12-01T10:10:00.000Z' }
  ]
  it('picks the slot holding the moment, start inclusive, end exclusive, and none outside', () => {
    expect(badgeTokenAt(batch, new Date('2026-12-01T10:00:00.000Z'))?.token).toBe('a')
    expect(badgeTokenAt(batch, new Date('2026-12-01T10:04:59.999Z'))?.token).toBe('a')
    expect(badgeTokenAt(batch, new Date('2026-12-01T10:05:00.000Z'))?.token).toBe('b')
    expect(badgeTokenAt(batch, new Date('2026-12-01T10:10:00.000Z'))).toBeNull()
    expect(badgeTokenAt(batch, new Date('2026-12-01T09:59:59.999Z'))).toBeNull()
  })
  it('points the QR code at the resident check page', () => {
    expect(badgeCheckPath('b1.u-1.abc.X_y-z')).toBe('packages/resident/pages/badge/index?token=b1.u-1.abc.X_y-z')
  })
})
