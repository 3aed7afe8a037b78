import { compareCodePoints } from './codePointOrder'

/**
 * When visits happened, as the phone and the server both judge it. Visit times are stored as UTC ISO
 * strings (`Date#toISOString`, the server's applier and the phone's copy alike), so their text order is
 * their time order; that is what lets SQL compare `at` as text against a window's bounds.
 */

/** Instants [from, to) as UTC ISO strings, e.g. a period's (periodInstants). */
export interface TimeWindow {
  from: string
  to: string
}

/** Whether an instant lies in the window; any ISO offset is compared as the instant it names. */
export function isWithin(at: string, window: TimeWindow): boolean {
  const time = Date.parse(at)
  return time >= Date.parse(window.from) && time < Date.parse(window.to)
}

/** Visited in a period: some visit whose time lies in the period's instants (a later visit does not undo it). */
export function visitedIn(visits: ReadonlyArray<{ at: string }>, window: TimeWindow): boolean {
  return visits.some((visit) => isWithin(visit.at, window))
}

/** A household's visits, newest first; visits at one instant by id, in code point order. */
export function compareVisits(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return Date.parse(b.at) - Date.parse(a.at) || compareCodePoints(a.id, b.id)
}

/** The time of the newest visit, or null without visits: a household's `lastVisitAt`. */
export function latestVisitAt(visits: ReadonlyArray<{ at: string }>): string | null {
  let latest: string | null = null
  for (const visit of visits) {
    if (latest === null || Date.parse(visit.at) > Date.parse(latest)) latest = visit.at
  }
  return latest
}
