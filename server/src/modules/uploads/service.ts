import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Database } from '../../db/schema'
import type { AuditLog } from '../audit/auditLog'
import type { Scope } from '../../access/scope'
import { AppError, forbidden, notFound } from '../../errors'
import { BROWSER_RESIDENT_PREFIX } from '../certifications/resident'
import { HouseholdRepository } from '../households/householdRepository'
import { sniffImage, stripMetadata, type ImageMime } from './imageMetadata'
import type { UploadCheckState } from '../../../../src/core/certification'
import { UploadRepository, type UploadRow } from './uploadRepository'
import type { ContentLinks, MediaCheckClient } from './contentCheck'

/** API.md: one image of at most 2 MB. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024
/** Uploads per resident identity in 24 hours: a certification needs one screenshot, a retry or two more. */
export const UPLOADS_PER_DAY = 10

const DAY_MS = 24 * 3600 * 1000
/** An upload never attached to a certification is deleted after a day: the resident gave up. */
export const ORPHAN_UPLOAD_MS = DAY_MS
/** A check WeChat has not answered in this long is asked for again (WeChat answers within minutes). */
export const CHECK_RETRY_AFTER_MS = 3600 * 1000
/** Uploads handled per maintenance run and task, so one run stays short; the next run goes on. */
const MAINTENANCE_BATCH = 200

/** What WeChat's content check needs; absent when it is off (no WUZHA_PUBLIC_URL). */
export interface ContentCheck {
  client: MediaCheckClient
  links: ContentLinks
}

export interface UploadServiceOptions {
  check: ContentCheck | null
  retentionDays: number
  log: FastifyBaseLogger
  /**
   * Whether a browser resident (`web:<uuid>`, no WeChat identity) may upload. Not in production:
   * WeChat's content check, required there, takes only the openid of a mini-program user, so a browser's
   * screenshot could never pass it; the stand-in (demo, tests) checks any identity.
   */
  browserUploads: boolean
  auditLog: AuditLog
}

export interface MaintenanceResult {
  checksRequested: number
  purged: number
}

/**
 * Residents' screenshots: judged by magic bytes, stripped of metadata, stored under
 * WUZHA_DATA_DIR/uploads (mode 0600) with their sha256. An upload belongs to the identity that sent it
 * until a certification attaches it to a household; from then on only staff whose scope covers that
 * household can read it. Where the content check is on, WeChat checks each upload (risky ones are
 * deleted); screenshots are deleted a retention period after their review (maintain).
 */
export class UploadService {
  private readonly uploads: UploadRepository
  private readonly households: HouseholdRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dataDir: string,
    private readonly now: () => Date,
    private readonly options: UploadServiceOptions
  ) {
    this.uploads = new UploadRepository(db)
    this.households = new HouseholdRepository(db)
  }

  async store(owner: string, bytes: Buffer): Promise<{ id: string }> {
    if (owner.startsWith(BROWSER_RESIDENT_PREFIX) && !this.options.browserUploads) {
      throw forbidden('在浏览器中不能上传截图（截图须经微信内容安全检测）：请在微信中扫码后上传，或不附截图直接提交')
    }
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
    await this.db.transaction().execute(async (trx) => {
      await new UploadRepository(trx).insert({
        id,
        owner_openid: owner,
        path: relative,
        sha256: crypto.createHash('sha256').update(clean).digest('hex'),
        size: clean.length,
        mime,
        household_id: null,
        created_at: now.toISOString(),
        check_trace_id: null,
        check_requested_at: null,
        purged_at: null
      })
      // A resident has no account, and the openid is not logged: the row keeps its owner.
      await this.options.auditLog.record(trx, { actor: null, action: 'upload.create', target: `upload/${id}`, result: 'success', details: { mime, size: clean.length } })
    })
    // Stored first: WeChat being unreachable loses nothing, the maintenance job asks again. The answer
    // waits for WeChat's acknowledgement (at most its timeout), not for the verdict, which is pushed later.
    await this.requestCheck({ id, owner_openid: owner })
    return { id }
  }

  /**
   * The image for a reviewer: attached to a household the scope covers, and still on disk (not purged,
   * not removed by the content check), else not found.
   */
  async read(scope: Scope, id: string): Promise<{ mime: ImageMime; bytes: Buffer }> {
    const upload = await this.uploads.findById(id)
    if (!upload || !upload.household_id || !(await this.households.find(upload.household_id, scope))) throw notFound('图片')
    return this.bytesOf(upload)
  }

  /** The image for WeChat's content check, by a signed link (ContentLinks) checked by the route. */
  async readForCheck(id: string): Promise<{ mime: ImageMime; bytes: Buffer }> {
    const upload = await this.uploads.findById(id)
    if (!upload) throw notFound('图片')
    return this.bytesOf(upload)
  }

  /**
   * WeChat's pushed verdict for a trace id; false when no check is waiting for it. A risky image is
   * deleted at once and never served again.
   */
  async recordVerdict(traceId: string, suggest: Extract<UploadCheckState, 'pass' | 'risky' | 'review'>): Promise<boolean> {
    const upload = await this.uploads.findByTraceId(traceId)
    if (!upload) return false
    const risky = suggest === 'risky'
    const recorded = await this.db.transaction().execute(async (trx) => {
      if (!(await new UploadRepository(trx).recordVerdict(upload.id, suggest, risky))) return false
      await this.options.auditLog.record(trx, { actor: null, action: 'upload.check', target: `upload/${upload.id}`, result: 'success', details: { verdict: suggest } })
      return true
    })
    if (recorded && risky) this.deleteFile(upload.path)
    return true
  }

  /**
   * One maintenance run: asks WeChat again about uploads it never checked, then deletes screenshots
   * whose certifications were all decided more than the retention period ago, and uploads never
   * attached after a day. A purged row keeps its sha256 and size.
   */
  async maintain(): Promise<MaintenanceResult> {
    const now = this.now()
    let checksRequested = 0
    if (this.options.check) {
      const due = await this.uploads.dueForCheck(new Date(now.getTime() - CHECK_RETRY_AFTER_MS).toISOString(), MAINTENANCE_BATCH)
      for (const upload of due) {
        // WeChat unreachable or refusing: the rest waits for the next run rather than failing one by one.
        if (!(await this.requestCheck(upload))) break
        checksRequested += 1
      }
    }
    const decidedBefore = new Date(now.getTime() - this.options.retentionDays * DAY_MS).toISOString()
    const orphanedBefore = new Date(now.getTime() - ORPHAN_UPLOAD_MS).toISOString()
    const due = await this.uploads.dueForPurge(decidedBefore, orphanedBefore, MAINTENANCE_BATCH)
    for (const upload of due) {
      this.deleteFile(upload.path)
      await this.uploads.markPurged(upload.id, now.toISOString())
    }
    if (due.length > 0) {
      await this.db.transaction().execute((trx) =>
        this.options.auditLog.record(trx, { actor: null, action: 'upload.purge', target: 'uploads', result: 'success', details: { uploads: due.map((upload) => upload.id) } })
      )
    }
    return { checksRequested, purged: due.length }
  }

  /** Asks WeChat to check an upload; on failure the state stays as it was, for the next run. */
  private async requestCheck(upload: Pick<UploadRow, 'id' | 'owner_openid'>): Promise<boolean> {
    const check = this.options.check
    if (!check) return false
    try {
      const now = this.now()
      const traceId = await check.client.request(check.links.url(upload.id, now), upload.owner_openid)
      await this.uploads.markCheckRequested(upload.id, traceId, now.toISOString())
      return true
    } catch (error) {
      this.options.log.warn({ uploadId: upload.id, error: error instanceof Error ? error.message : String(error) }, 'content check not requested; retried later')
      return false
    }
  }

  private bytesOf(upload: UploadRow): { mime: ImageMime; bytes: Buffer } {
    if (!upload.path || upload.purged_at) throw notFound('图片')
    return { mime: upload.mime as ImageMime, bytes: fs.readFileSync(path.join(this.dataDir, upload.path)) }
  }

  private deleteFile(relative: string): void {
    if (relative) fs.rmSync(path.join(this.dataDir, relative), { force: true })
  }
}
