import fc from 'fast-check'
import { APP_STATUSES } from '../../src/core/appStatus'
import type { PriorityTag } from '../../src/core/member'

/** A member as the rules see it, with the answers that change eligibility, priority and coverage. */
export const memberArbitrary = fc.record({
  // Around the age lines of 2026: 16 (born 2010) and 60 (born 1966).
  birthYear: fc.oneof(fc.constantFrom(undefined, 1966, 1967, 2010, 2011), fc.integer({ min: 1930, max: 2025 })),
  smartphone: fc.constantFrom('yes', 'yes', 'no', 'unknown'),
  away: fc.constantFrom(undefined, undefined, undefined, { place: '太原' }),
  tags: fc.constantFrom<PriorityTag[]>([], [], [], ['student'], ['elderly_living_alone', 'disabled']),
  app: fc.constantFrom(undefined, ...APP_STATUSES),
  deleted: fc.constantFrom(false, false, false, true)
})
