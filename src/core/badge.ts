/**
 * The grid worker's badge (DESIGN §2): the server signs one token per 5-minute slot; the phone fetches
 * the next 12 hours of them while online and shows the one of the current slot, so it keeps working
 * without signal. These are the shapes both sides share.
 */
export const BADGE_SLOT_SECONDS = 300
export const BADGE_BATCH_HOURS = 12
/** Accepted either side of a slot: the phone's clock may be off, and a resident takes time to scan. */
export const BADGE_GRACE_SECONDS = 120

export interface BadgeSlotToken {
  token: string
  validFrom: string
  expiresAt: string
}

export interface BadgeIssue {
  /** The current slot's token (API.md). */
  token: string
  expiresAt: string
  /** The masked name the worker's page shows beside the code. */
  nameMasked: string
  /** Tokens of the slots from now for the next 12 hours, in order, for use without signal. */
  batch: BadgeSlotToken[]
}

export interface BadgeCheck {
  valid: boolean
  nameMasked: string | null
  role: string | null
  village: string | null
  grid: string | null
}

/** The batch's token for the moment `at`, or null when the batch does not cover it (fetch a new one). */
export function badgeTokenAt(batch: readonly BadgeSlotToken[], at: Date): BadgeSlotToken | null {
  const time = at.getTime()
  return batch.find((slot) => Date.parse(slot.validFrom) <= time && time < Date.parse(slot.expiresAt)) ?? null
}

/** Where a scanned badge opens: the resident subpackage's check page. */
export const BADGE_CHECK_PAGE = 'packages/resident/pages/badge/index'

export function badgeCheckPath(token: string): string {
  return `${BADGE_CHECK_PAGE}?token=${encodeURIComponent(token)}`
}
