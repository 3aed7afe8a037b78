import type { User } from '@/core/api'
import { readJson, removeKey, writeJson } from './storage'

/** The signed-in session: a bearer token and, for staff, the user it belongs to. */
export interface Session {
  token: string
  expiresAt: string
  /** Null for an unbound WeChat session (a resident, or staff before entering the invitation code). */
  user: User | null
}

const SESSION_KEY = 'wuzha.session'

let current: Session | null | undefined
const listeners = new Set<() => void>()

export function getSession(): Session | null {
  if (current === undefined) current = readJson<Session | null>(SESSION_KEY, null)
  return current
}

export function getToken(): string | null {
  return getSession()?.token ?? null
}

export function getUser(): User | null {
  return getSession()?.user ?? null
}

/**
 * Whose data the phone shows and sends: the outbox and the grid copy are kept per user (storage's
 * `userKey`), so on a shared phone each sign-in sees only that person's own changes.
 */
export function currentUserId(): string | null {
  return getUser()?.id ?? null
}

export function saveSession(session: Session): void {
  writeJson(SESSION_KEY, session)
  current = session
  listeners.forEach((listener) => listener())
}

export function clearSession(): void {
  removeKey(SESSION_KEY)
  current = null
  listeners.forEach((listener) => listener())
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
