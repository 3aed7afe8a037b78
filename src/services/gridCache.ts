import type { Grid, HouseholdDetail, HouseholdSummary } from '@/core/api'
import {
  EMPTY_GRID,
  applyMutationsLocally,
  applyPulledPage,
  coverageBreakdown,
  householdsTouchedBy,
  listLocalHouseholds,
  localHouseholdDetail,
  pendingCertifications,
  visitedHouseholds,
  type CoverageBreakdown,
  type LocalContext,
  type LocalGrid,
  type LocalHouseholdQuery,
  type PendingCertification,
  type PullPage
} from '@/core/localCache'
import { decodeGrid, encodeGrid, type CompactGrid } from '@/core/compactGrid'
import type { Mutation } from '@/core/mutations'
import { currentQuarterInstants, yearInChina } from '@/core/period'
import { api } from './api'
import { getOutboxSnapshot, markSynced, onOutboxDrained, subscribeOutbox } from './outbox'
import { currentUserId, getUser } from './session'
import { adoptLegacyKey, readJson, removeKey, userKey, writeJson } from './storage'

/**
 * The worker's grid on the phone, for reading without signal (DESIGN.md §4). The server's state comes
 * from GET /sync/pull and is stored page by page together with the server's cursor, so a pull cut off
 * (the app sent to the background) resumes from the last stored page. What the screen reads is that
 * state with the outbox's waiting mutations applied on top (core/localCache), so a household saved
 * without signal is in the list at once. Each user's copy is their own (keys per user id): on a shared
 * phone the next person to sign in neither sees nor overwrites it.
 */

/** The copy as the cache works on it (and as versions before StoredCopy stored it). */
interface StoredGrid {
  /** The server's change-log position this copy is complete up to ('0': nothing pulled yet). */
  cursor: string
  /** When a pull that brought something last came to the server's last page (null: the whole grid has never been here). */
  pulledAt: string | null
  grid: LocalGrid
}

/**
 * What is stored: the grid in columns (core/compactGrid), about an eighth of its records as JSON, so
 * that a grid of 5,000 households fits the app's 10 MB with room for the outbox. `format` tells it from the
 * records themselves (a StoredGrid), which versions before it stored.
 */
interface StoredCopy {
  format: typeof GRID_FORMAT
  cursor: string
  pulledAt: string | null
  grid: CompactGrid
}

const GRID_FORMAT = 2
const PULL_LIMIT = 500
const GRID_NAMES = 'gridNames'
const EMPTY_STORED: StoredGrid = { cursor: '0', pulledAt: null, grid: EMPTY_GRID }

/** By storage key, so by user and grid. */
const stored = new Map<string, StoredGrid>()
const pulls = new Map<string, Promise<void>>()
/** Per user: pushed and acknowledged, but maybe not yet in a pulled page: still shown on top. */
const acknowledgedBy = new Map<string, Mutation[]>()
let version = 0
const listeners = new Set<() => void>()
const views = new Map<string, { base: StoredGrid; overlay: ReadonlyArray<Mutation>; grid: LocalGrid }>()

function storageKey(userId: string, gridId: string): string {
  return userKey(userId, `grid.${gridId}`)
}

/** Nobody signed in reads an empty grid under a key no user id takes. */
function viewer(): string {
  return currentUserId() ?? ''
}

function storedGrid(userId: string, gridId: string): StoredGrid {
  const key = storageKey(userId, gridId)
  let grid = stored.get(key)
  if (!grid) {
    if (userId) adoptLegacyKey(userId, `grid.${gridId}`)
    grid = userId ? readStoredGrid(key) : EMPTY_STORED
    stored.set(key, grid)
  }
  return grid
}

function writeStoredGrid(key: string, grid: StoredGrid): void {
  const copy: StoredCopy = { format: GRID_FORMAT, cursor: grid.cursor, pulledAt: grid.pulledAt, grid: encodeGrid(grid.grid) }
  writeJson(key, copy)
}

function readStoredGrid(key: string): StoredGrid {
  const copy = readJson<unknown>(key, null)
  if (isStoredCopy(copy)) return { cursor: copy.cursor, pulledAt: copy.pulledAt, grid: decodeGrid(copy.grid) }
  if (isRecordsCopy(copy)) return migrated(key, copy)
  return EMPTY_STORED
}

function isStoredCopy(copy: unknown): copy is StoredCopy {
  return typeof copy === 'object' && copy !== null && (copy as StoredCopy).format === GRID_FORMAT
}

function isRecordsCopy(copy: unknown): copy is StoredGrid {
  const records = copy as StoredGrid | null
  return typeof records?.cursor === 'string' && !('format' in records) && typeof records.grid?.households === 'object'
}

/**
 * A copy stored by a version before the columns, rewritten in them once. The rewrite stores the new
 * form before it removes the old (storage.ts), so a phone too full to hold both for a moment (an H5
 * copy of thousands of households is megabytes) cannot rewrite it: that copy is dropped instead, and
 * the next pull brings the grid again from the start. The outbox is under keys of its own: nothing
 * waiting to be sent is lost either way.
 */
function migrated(key: string, copy: StoredGrid): StoredGrid {
  try {
    writeStoredGrid(key, copy)
    return copy
  } catch {
    try {
      removeKey(key)
    } catch {
      // Left for the next pull's write to replace.
    }
    return EMPTY_STORED
  }
}

function acknowledgedOf(userId: string): Mutation[] {
  return acknowledgedBy.get(userId) ?? []
}

function changed(): void {
  version++
  listeners.forEach((listener) => listener())
}

/** Pulls one grid until the server has nothing newer. Concurrent calls for a grid share one run. */
export function pullGrid(gridId: string): Promise<void> {
  const owner = currentUserId()
  if (!owner) return Promise.resolve()
  const key = storageKey(owner, gridId)
  const running = pulls.get(key)
  if (running) return running
  const run = pullPages(owner, gridId).finally(() => pulls.delete(key))
  pulls.set(key, run)
  return run
}

/**
 * Screens recompute their lists on every notice, which for a grid of thousands takes a good part of a
 * second: a first pull of such a grid (tens of pages) tells them at most this often, and at its end.
 */
const PULL_NOTICE_MS = 1000

/**
 * Storing the copy rewrites all of it (a megabyte for a grid of thousands): a first pull of tens of pages
 * stores it at most this often, and when it ends or stops. A pull cut off by the app being killed resumes
 * from the last stored page; the pages after it are simply pulled again.
 */
const PULL_STORE_MS = 2000

async function pullPages(owner: string, gridId: string): Promise<void> {
  const settledBefore = acknowledgedOf(owner).length
  const key = storageKey(owner, gridId)
  let current = storedGrid(owner, gridId)
  let noticeAt = Number.NEGATIVE_INFINITY
  let storedAt = Date.now()
  let unnoticed = false
  let unstored = false
  try {
    for (;;) {
      // Signed out meanwhile: the next page would go under someone else's token, into this copy, and
      // what was pulled for the one who left is not written back to a phone they signed out of.
      if (currentUserId() !== owner) {
        unstored = false
        return
      }
      const page = await api.get<PullPage>('/sync/pull', { grid: gridId, since: current.cursor, limit: PULL_LIMIT })
      // Nothing new since the last pull (what most pulls find): the stored copy stands as it is, and
      // rewriting it (megabytes for a grid of thousands) would only hold up the screen that opened.
      if (page.changes.length === 0 && page.cursor === current.cursor && !page.hasMore && current.pulledAt !== null) break
      // `pulledAt` moves only with the last page: until a pull has come to the end, the copy is not the
      // whole grid, and no screen may show a count of it as if it were (DESIGN.md §7, honest loading).
      current = {
        cursor: page.cursor,
        pulledAt: page.hasMore ? current.pulledAt : new Date().toISOString(),
        grid: applyPulledPage(current.grid, page.changes)
      }
      stored.set(key, current)
      unnoticed = true
      unstored = true
      // The pages and their cursor are stored together: a pull cut off resumes after the last stored page.
      if (!page.hasMore || Date.now() - storedAt >= PULL_STORE_MS) {
        writeStoredGrid(key, current)
        storedAt = Date.now()
        unstored = false
      }
      if (!page.hasMore) break
      if (Date.now() - noticeAt >= PULL_NOTICE_MS) {
        noticeAt = Date.now()
        unnoticed = false
        changed()
      }
    }
  } finally {
    // A pull stopped by a failed page keeps the pages it had.
    if (unstored) writeStoredGrid(key, current)
    // The last page, or what was stored before the pull was cut off.
    if (unnoticed) changed()
  }
  // Everything acknowledged before this pull began is in the pulled state now.
  acknowledgedBy.set(owner, acknowledgedOf(owner).slice(settledBefore))
  markSynced(owner)
}

/** The signed-in worker's grids. */
export function myGridIds(): string[] {
  return getUser()?.scope.gridIds ?? []
}

/** Whether the phone keeps a copy of this grid (one of the signed-in worker's own grids). */
export function isCachedGrid(gridId: string | null | undefined): gridId is string {
  return !!gridId && myGridIds().includes(gridId)
}

/** Pulls every grid of the worker; without signal it quietly keeps what the phone has. */
export async function pullMyGrids(): Promise<void> {
  for (const gridId of myGridIds()) {
    try {
      await pullGrid(gridId)
    } catch {
      // Next time: after the next push, or when the app comes back to the foreground.
    }
  }
}

/**
 * Keeps the grid cache following the outbox: pulls after every sync that left nothing waiting, and
 * keeps showing acknowledged changes until a pull brings them back. Call once at launch.
 */
export function startGridSync(): () => void {
  let previous = getOutboxSnapshot()
  const stopFollowing = subscribeOutbox(() => {
    const next = getOutboxSnapshot()
    // Another person signed in: their outbox is not what became of the previous one's.
    if (next.userId && next.userId === previous.userId && next.pending !== previous.pending) {
      const stillPending = new Set(next.pending.map((mutation) => mutation.id))
      const refused = new Set(next.rejected.map(({ mutation }) => mutation.id))
      const done = previous.pending.filter((mutation) => !stillPending.has(mutation.id) && !refused.has(mutation.id))
      if (done.length > 0) acknowledgedBy.set(next.userId, acknowledgedOf(next.userId).concat(done))
    }
    previous = next
  })
  const stopPulling = onOutboxDrained(() => {
    void pullMyGrids()
  })
  return () => {
    stopFollowing()
    stopPulling()
  }
}

/** The grid as the worker should see it: the pulled state with waiting changes applied. */
export function localGrid(gridId: string): LocalGrid {
  const userId = viewer()
  const base = storedGrid(userId, gridId)
  const acknowledged = acknowledgedOf(userId)
  const overlay = acknowledged.length ? acknowledged.concat(getOutboxSnapshot().pending) : getOutboxSnapshot().pending
  const key = storageKey(userId, gridId)
  const cached = views.get(key)
  if (cached && cached.base === base && sameMutations(cached.overlay, overlay)) return cached.grid
  const grid = onlyGrid(applyMutationsLocally(base.grid, overlay, localContext()), gridId)
  views.set(key, { base, overlay, grid })
  return grid
}

/** Who the phone's own changes are made by, and now: what the server will stamp on them. */
function localContext(): LocalContext {
  const user = getUser()
  return { now: new Date(), worker: { id: user?.id ?? '', name: user?.name ?? '' } }
}

/**
 * The last list and visited set computed for each grid: for a grid of thousands each takes a good part
 * of a second on a phone, and screens ask again on every change of the cache or the outbox, most of
 * which leave the grid as it was (localGrid keeps its identity then). Kept while the grid, the query
 * and the day's period rules (the year of the age rules, the quarter) are the same.
 */
const lists = new Map<string, { grid: LocalGrid; key: string; items: HouseholdSummary[] }>()
const visitedSets = new Map<string, { grid: LocalGrid; key: string; ids: Set<string> }>()

function periodKey(now: Date): string {
  const quarter = currentQuarterInstants(now)
  return `${yearInChina(now)}|${quarter.from}|${quarter.to}`
}

/** Households of a grid as GET /households lists them, searched and filtered on the phone. */
export function listHouseholds(gridId: string, query: LocalHouseholdQuery = {}): HouseholdSummary[] {
  const grid = localGrid(gridId)
  const now = new Date()
  const key = JSON.stringify([query.q ?? '', query.filters ?? [], periodKey(now)])
  const cacheKey = storageKey(viewer(), gridId)
  const cached = lists.get(cacheKey)
  if (cached && cached.grid === grid && cached.key === key) return cached.items
  const items = listLocalHouseholds(grid, query, now)
  lists.set(cacheKey, { grid, key, items })
  return items
}

/** The members behind the grid's coverage figures, from the phone's copy (works without signal). */
export function gridCoverageBreakdown(gridId: string): CoverageBreakdown {
  return coverageBreakdown(localGrid(gridId), new Date())
}

/** Residents' certifications waiting for review, with the worker's own decisions not yet sent applied. */
export function gridPendingCertifications(gridId: string): PendingCertification[] {
  return pendingCertifications(localGrid(gridId))
}

/** Ids of the grid's households visited this quarter (any visit in it), for the cards and the list's order. */
export function visitedThisQuarter(gridId: string): Set<string> {
  const grid = localGrid(gridId)
  const now = new Date()
  const key = periodKey(now)
  const cacheKey = storageKey(viewer(), gridId)
  const cached = visitedSets.get(cacheKey)
  if (cached && cached.grid === grid && cached.key === key) return cached.ids
  const ids = visitedHouseholds(grid, currentQuarterInstants(now))
  visitedSets.set(cacheKey, { grid, key, ids })
  return ids
}

/** One household as GET /households/:id answers it, from the worker's cached grids; null if not there. */
export function getHousehold(householdId: string): HouseholdDetail | null {
  for (const gridId of myGridIds()) {
    const detail = localHouseholdDetail(localGrid(gridId), householdId, new Date())
    if (detail) return detail
  }
  return null
}

/**
 * How many distinct households the changes still waiting to be sent are about (a household saved with
 * three members and their app statuses is one), found in the worker's grids as the phone has them.
 */
export function countWaitingHouseholds(): number {
  const pending = getOutboxSnapshot().pending
  if (pending.length === 0) return 0
  const touched = new Set<string>()
  const context = localContext()
  // Without a grid of one's own (a village admin), only what the changes themselves name.
  const userId = viewer()
  const bases = myGridIds().map((gridId) => storedGrid(userId, gridId).grid)
  for (const base of bases.length > 0 ? bases : [EMPTY_GRID]) {
    const known = applyMutationsLocally(base, acknowledgedOf(userId), context)
    householdsTouchedBy(known, pending, context).forEach((id) => touched.add(id))
  }
  return touched.size
}

/** Remembers the names of the worker's grids, so that the home screen can name its grid without signal. */
export function rememberGridNames(grids: ReadonlyArray<Pick<Grid, 'id' | 'name'>>): void {
  const userId = currentUserId()
  if (!userId) return
  const names = { ...gridNames(userId) }
  for (const grid of grids) names[grid.id] = grid.name
  try {
    writeJson(userKey(userId, GRID_NAMES), names)
  } catch {
    // Only a label: without it the home screen says 我的网格.
  }
}

export function gridName(gridId: string): string | null {
  const userId = currentUserId()
  return userId ? (gridNames(userId)[gridId] ?? null) : null
}

function gridNames(userId: string): Record<string, string> {
  adoptLegacyKey(userId, GRID_NAMES)
  return readJson<Record<string, string>>(userKey(userId, GRID_NAMES), {})
}

/** Whether a pull of the grid has come to its end on this phone (otherwise lists are incomplete). */
export function hasPulled(gridId: string): boolean {
  return storedGrid(viewer(), gridId).pulledAt !== null
}

// Waiting changes are part of what the cache shows.
subscribeOutbox(() => {
  version++
})

/** Changes whenever the cache or the outbox changes, for useSyncExternalStore. */
export function getGridCacheVersion(): number {
  return version
}

export function subscribeGridCache(listener: () => void): () => void {
  listeners.add(listener)
  const stopOutbox = subscribeOutbox(listener)
  return () => {
    listeners.delete(listener)
    stopOutbox()
  }
}

/** Households made on this phone name the grid only; the village is the grid's. */
function onlyGrid(grid: LocalGrid, gridId: string): LocalGrid {
  const households = Object.values(grid.households)
  const villageCode = households.find((household) => household.villageCode)?.villageCode ?? getUser()?.scope.regionCode ?? ''
  if (households.every((household) => household.gridId === gridId && household.villageCode)) return grid
  return {
    ...grid,
    households: Object.fromEntries(
      households
        .filter((household) => household.gridId === gridId)
        .map((household) => [household.id, household.villageCode ? household : { ...household, villageCode }])
    )
  }
}

function sameMutations(a: ReadonlyArray<Mutation>, b: ReadonlyArray<Mutation>): boolean {
  return a.length === b.length && a.every((mutation, index) => mutation === b[index])
}
