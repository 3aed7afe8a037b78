import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { DialectName } from '../../db/database'
import type { FieldCipher } from '../../crypto/fieldCipher'
import type { Scope } from '../../access/scope'
import { AppError, notFound } from '../../errors'
import type { CertificationState, CertificationSubmit, CertificationView } from '../../../../src/core/certification'
import { normalizePhone } from '../../../../src/core/phone'
import { locationOf } from '../households/householdRepository'
import { MemberRepository } from '../households/memberRepository'
import { GridRepository } from '../regions/gridRepository'
import { ChangeLogRepository } from '../sync/changeLogRepository'
import { UploadRepository } from '../uploads/uploadRepository'
import type { InviteService } from '../invites/service'
import { CertificationRepository, certificationViewOf } from './certificationRepository'

/** Certifications per WeChat identity in 24 hours: a household's members, and a few corrections. */
export const CERTIFICATIONS_PER_DAY = 10
/** Wrong last-four answers per WeChat identity in 24 hours: 10 of 10,000 numbers is no way to guess one. */
export const WRONG_PHONE_LAST4_PER_DAY = 5

const DAY_MS = 24 * 3600 * 1000

/**
 * Residents certify a member of the household of the invitation they hold; the grid worker reviews
 * them (the review itself is the `certification.review` mutation, sync/appliers/certificationReview.ts).
 * A submission is logged in the change log of the household's grid, so the worker's phone pulls it.
 */
export class CertificationService {
  private readonly certifications: CertificationRepository
  private readonly members: MemberRepository
  private readonly uploads: UploadRepository
  private readonly grids: GridRepository
  /** Wrong last-four answers by identity: kept in memory, as login rate limits are. */
  private readonly wrongPhone = new Map<string, number[]>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date,
    private readonly invites: InviteService
  ) {
    this.certifications = new CertificationRepository(db)
    this.members = new MemberRepository(db)
    this.uploads = new UploadRepository(db)
    this.grids = new GridRepository(db)
  }

  async submit(openid: string, body: CertificationSubmit): Promise<{ id: string; state: 'pending' }> {
    const { household, tokenHash } = await this.invites.grant(body.inviteToken)
    const member = await this.members.findById(body.memberId)
    // A member of another household is answered like an unknown one: the invitation opens one household.
    if (!member || member.deleted_at || member.household_id !== household.id) throw notFound('成员')
    const now = this.now()
    this.checkPhoneLast4(openid, member.phone_enc, body.phoneLast4, now)
    if (body.uploadId) {
      const upload = await this.uploads.findById(body.uploadId)
      // A purged upload (never attached within a day) is gone: the resident uploads again.
      if (!upload || upload.purged_at || upload.owner_openid !== openid || (upload.household_id && upload.household_id !== household.id)) {
        throw notFound('图片')
      }
    }
    const since = new Date(now.getTime() - DAY_MS).toISOString()
    if ((await this.certifications.countOfResidentSince(openid, since)) >= CERTIFICATIONS_PER_DAY) {
      throw new AppError('RATE_LIMITED', `每天最多提交${CERTIFICATIONS_PER_DAY}次认证，请明天再试`)
    }
    const id = crypto.randomUUID()
    await this.db.transaction().execute(async (trx) => {
      const changeLog = new ChangeLogRepository(trx)
      await changeLog.lockForAppend(this.dialect)
      await new CertificationRepository(trx).insert({
        id,
        household_id: household.id,
        member_id: member.id,
        invite_token_hash: tokenHash,
        resident_openid: openid,
        status: body.status,
        alerts_on: body.alertsOn ? 1 : 0,
        region: body.region ?? null,
        upload_id: body.uploadId ?? null,
        state: 'pending',
        reason: null,
        created_at: now.toISOString(),
        decided_by: null,
        decided_at: null
      })
      if (body.uploadId) await new UploadRepository(trx).attach(body.uploadId, household.id)
      const at = locationOf(household)
      await changeLog.append([{ entity: 'certification', entityId: id, gridId: at.gridId, villageCode: at.villageCode, op: 'upsert' }], null, now.toISOString())
    })
    return { id, state: 'pending' }
  }

  async listOfGrid(scope: Scope, gridId: string, state: CertificationState): Promise<{ items: CertificationView[] }> {
    if (!(await this.grids.findVisible(gridId, scope))) throw notFound('网格')
    const rows = await this.certifications.listOfGrid(gridId, state, scope)
    return { items: rows.map(certificationViewOf) }
  }

  async mine(openid: string): Promise<{ items: Array<{ id: string; memberNameMasked: string; state: CertificationState; reason?: string }> }> {
    const rows = await this.certifications.listOfResident(openid)
    return {
      items: rows.map((row) => {
        const view = certificationViewOf(row)
        return { id: view.id, memberNameMasked: view.memberNameMasked, state: view.state, ...(view.reason ? { reason: view.reason } : {}) }
      })
    }
  }

  /** Where a phone is on file, the resident proves they know it; wrong answers are limited per identity. */
  private checkPhoneLast4(openid: string, phoneEnc: string | null, phoneLast4: string | undefined, now: Date): void {
    if (!phoneEnc) return
    const recent = (this.wrongPhone.get(openid) ?? []).filter((time) => time > now.getTime() - DAY_MS)
    if (recent.length >= WRONG_PHONE_LAST4_PER_DAY) throw new AppError('RATE_LIMITED', '手机号后4位错误次数过多，请明天再试或联系网格员')
    if (!phoneLast4) throw fieldError('phoneLast4', '手机号后4位必须填写（该成员登记了手机号）')
    if (normalizePhone(this.cipher.decrypt(phoneEnc)).slice(-4) === phoneLast4) return
    this.wrongPhone.set(openid, [...recent, now.getTime()])
    throw fieldError('phoneLast4', '手机号后4位不正确')
  }
}

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, message }])
}
