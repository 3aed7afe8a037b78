import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { decodeDataKey } from '../config'

/**
 * Phone and ID numbers at rest: AES-256-GCM with a random IV per value, and an HMAC-SHA256 keyed
 * hash (with a key derived from the same secret) so equal numbers can be found without decrypting.
 */
export interface FieldCipher {
  encrypt(plain: string): string
  decrypt(stored: string): string
  /** Keyed hash of a normalized value, for look-up and de-duplication. */
  hash(plain: string): string
}

const VERSION = 'v1'
/** AES-GCM's 96-bit IV. */
const IV_BYTES = 12
/** IVs taken from one call to the system's random source (see ivSource). */
const IVS_PER_FILL = 256

/**
 * Fresh random IVs, cut in turn from a buffer of random bytes refilled once every IVS_PER_FILL IVs: a push
 * encrypts hundreds of numbers, and a call to the random source for each 12 bytes cost more than the
 * encryption. No byte is handed out twice; each IV is copied out, so a refill never changes one in use.
 */
function ivSource(): () => Buffer {
  const pool = Buffer.alloc(IV_BYTES * IVS_PER_FILL)
  let offset = pool.length
  return () => {
    if (offset === pool.length) {
      crypto.randomFillSync(pool)
      offset = 0
    }
    offset += IV_BYTES
    return Buffer.from(pool.subarray(offset - IV_BYTES, offset))
  }
}

export function createFieldCipher(secret: Buffer): FieldCipher {
  if (secret.length !== 32) throw new Error('WUZHA_DATA_KEY must be 32 bytes (base64 or hex)')
  const encKey = crypto.createHmac('sha256', secret).update('wuzha:field-encryption').digest()
  const macKey = crypto.createHmac('sha256', secret).update('wuzha:lookup-hash').digest()
  const nextIv = ivSource()
  return {
    encrypt(plain) {
      const iv = nextIv()
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [VERSION, iv.toString('base64'), body.toString('base64'), cipher.getAuthTag().toString('base64')].join(':')
    },
    decrypt(stored) {
      const [version, iv, body, tag] = stored.split(':')
      if (version !== VERSION) throw new Error(`unknown field cipher version ${version}`)
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'))
      decipher.setAuthTag(Buffer.from(tag, 'base64'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')
    },
    hash(plain) {
      return crypto.createHmac('sha256', macKey).update(plain).digest('hex')
    }
  }
}

/**
 * The configured key (config.ts has checked it is 32 bytes, and that production has one), or one
 * generated once into `dataDir/data.key` so a demo or development installation encrypts from its first
 * record.
 */
export function loadDataKey(options: { dataKey: string | null; dataDir: string }): Buffer {
  const file = path.join(options.dataDir, 'data.key')
  if (!options.dataKey && !fs.existsSync(file)) {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' })
  }
  const key = decodeDataKey((options.dataKey ?? fs.readFileSync(file, 'utf8')).trim())
  if (!key) throw new Error(options.dataKey ? 'WUZHA_DATA_KEY must be 32 bytes (base64 or hex)' : `${file} does not hold a 32-byte key`)
  return key
}

/**
 * The key the server would use, without generating one: WUZHA_DATA_KEY, else `dataDir/data.key` when it
 * exists, else null. Tools that read stored data (restore, offboarding) must not mint a new key, which
 * would leave the stored numbers unreadable.
 */
export function existingDataKey(options: { dataKey: string | null; dataDir: string }): Buffer | null {
  const file = path.join(options.dataDir, 'data.key')
  if (!options.dataKey && !fs.existsSync(file)) return null
  return loadDataKey(options)
}
