import crypto from 'node:crypto'

/** Namespace of the demo's name-based UUIDs (itself a random v4, fixed once). */
const DEMO_NAMESPACE = '5b0f7c0e-2f4a-4d3e-9c61-7a1e4b2d9f30'

/**
 * A name-based UUID (RFC 9562 version 5) for a demo record, e.g. `demoId('household', grid, 12)`:
 * the same name gives the same id on every fresh start, as a client's UUID would on a second push.
 */
export function demoId(...name: Array<string | number>): string {
  const hash = crypto
    .createHash('sha1')
    .update(Buffer.from(DEMO_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(name.join('/'))
    .digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = (bytes[6] & 0x0f) | 0x50
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
