import crypto from 'node:crypto'

/** Opaque bearer tokens and invitation codes: random, shown once, stored only as a SHA-256 hash. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}
