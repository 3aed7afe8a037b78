import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Scope } from '../../access/scope'
import { AppError, notFound } from '../../errors'
import { HouseholdRepository } from '../households/householdRepository'
import { sniffImage, stripMetadata, type ImageMime } from './imageMetadata'
import { UploadRepository } from './uploadRepository'

/** API.md: one image of at most 2 MB. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024
/** Uploads per resident identity in 24 hours: a certification needs one screenshot, a retry or two more. */
export const UPLOADS_PER_DAY = 10

const DAY_MS = 24 * 3600 * 1000

/**
 * Residents' screenshots: judged by magic bytes, stripped of metadata, stored under
 * WUZHA_DATA_DIR/uploads (mode 0600) with their sha256. An upload belongs to the identity that sent it
 * until a certification attaches it to a household; from then on only staff whose scope covers that
 * household can read it.
 */
export class UploadService {
  private readonly uploads: UploadRepository
  private readonly households: HouseholdRepository

  constructor(
    db: Kysely<Database>,
    private readonly dataDir: string,
    private readonly now: () => Date
  ) {
    this.uploads = new UploadRepository(db)
    this.households = new HouseholdRepository(db)
  }

  async store(owner: string, bytes: Buffer): Promise<{ id: string }> {
    const mime = sniffImage(bytes)
    const clean = mime ? stripMetadata(bytes, mime) : null
    if (!mime || !clean) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '图片只能是 JPEG 或 PNG 格式')
    const now = this.now()
    const recent = await this.uploads.countOfOwnerSince(owner, new Date(now.getTime() - DAY_MS).toISOString())
    if (recent >= UPLOADS_PER_DAY) throw new AppError('RATE_LIMITED', `每天最多上传${UPLOADS_PER_DAY}张图片，请明天再试`)
    const id = crypto.randomUUID()
    const relative = path.join('uploads', `${id}${mime === 'image/jpeg' ? '.jpg' : '.png'}`)
    fs.mkdirSync(path.join(this.dataDir, 'uploads'), { recursive: true, mode: 0o700 })
    fs.writeFileSync(path.join(this.dataDir, relative), clean, { mode: 0o600 })
    await this.uploads.insert({
      id,
      owner_openid: owner,
      path: relative,
      sha256: crypto.createHash('sha256').update(clean).digest('hex'),
      size: clean.length,
      mime,
      household_id: null,
      created_at: now.toISOString()
    })
    return { id }
  }

  /** The image for a reviewer: attached to a household the scope covers, else not found. */
  async read(scope: Scope, id: string): Promise<{ mime: ImageMime; bytes: Buffer }> {
    const upload = await this.uploads.findById(id)
    if (!upload || !upload.household_id || !(await this.households.find(upload.household_id, scope))) throw notFound('图片')
    return { mime: upload.mime as ImageMime, bytes: fs.readFileSync(path.join(this.dataDir, upload.path)) }
  }
}
