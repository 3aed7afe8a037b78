import type { BadgeIssue } from '@/core/badge'
import { request } from '@/services/api'
import { readJson, userKey, writeJson } from '@/services/storage'

/**
 * The worker's badge tokens on the phone: the last batch the server signed (12 hours of 5-minute
 * tokens), stored under the worker's own user id, so a shared phone never shows one worker's badge to
 * another, and the badge keeps working without signal until the batch runs out.
 */
const KEY = 'badge'

export function storedBatch(userId: string): BadgeIssue | null {
  return readJson<BadgeIssue | null>(userKey(userId, KEY), null)
}

/** Fetches a fresh batch and stores it; throws ApiError when there is no signal (the stored one stays). */
export async function fetchBatch(userId: string): Promise<BadgeIssue> {
  const issue = await request<BadgeIssue>('GET', '/me/badge')
  writeJson(userKey(userId, KEY), issue)
  return issue
}

/** Time to ask for a new batch: less than 6 of its 12 hours left. */
export function batchRunningLow(batch: BadgeIssue | null, now: Date): boolean {
  const last = batch?.batch[batch.batch.length - 1]
  return !last || Date.parse(last.expiresAt) - now.getTime() < 6 * 3600 * 1000
}
