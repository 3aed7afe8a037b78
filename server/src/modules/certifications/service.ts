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
import { PhoneCheckFailureRepository } from './phoneCheckFailureRepository'
import type { Resident } from './resident'
import type { AuditLog } from '../audit/auditLog'

/** Certifications per resident identity in 24 hours: a household's members, and a few corrections. */
export const CERTIFICATIONS_PER_DAY = 10
/**
 * Wrong last-four answers per resident identity in 24 hours, and per invitation for a browser identity
 * (which costs only another sign-in): 5 of 10,000 numbers is no way to guess one.
 */
export const WRONG_PHONE_LAST4_PER_DAY = 5

const DAY_MS = 24 * 3600 * 1000
/** Wrong last-four answers count for this long; retention deletes older ones. */
export const WRONG_PHONE_LAST4_WINDOW_MS = DAY_MS

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
  private readonly phoneFailures: PhoneCheckFailureRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date,
    private readonly invites: InviteService,
    private readonly auditLog: AuditLog
  ) {
    this.certifications = new CertificationRepository(db)
    this.members = new MemberRepository(db)
    this.uploads = new UploadRepository(db)
    this.grids = new GridRepository(db)
    this.phoneFailures = new PhoneCheckFailureRepository(db)
  }

  async submit(resident: Resident, body: CertificationSubmit): Promise<{ id: string; state: 'pending' }> {
    const { household, tokenHash } = await this.invites.grant(body.inviteToken)
    // A browser session holds one invitation: another one is answered as if it did not exist.
    if (resident.inviteTokenHash && resident.inviteTokenHash !== tokenHash) throw notFound('邀请')
    const member = await this.members.findById(body.memberId)
    // A member of another household is answered like an unknown one: the invitation opens one household.
    if (!member || member.deleted_at || member.household_id !== household.id) throw notFound('成员')
    const now = this.now()
    await this.checkPhoneLast4(resident, member.phone_enc, body.phoneLast4, now)
    if (body.uploadId) {
      const upload = await this.uploads.findById(body.uploadId)
      // A purged upload (never attached within a day) is gone: the resident uploads again.
      if (!upload || upload.purged_at || upload.owner_openid !== resident.key || (upload.household_id && upload.household_id !== household.id)) {
        throw notFound('图片')
      }
    }
    const since = new Date(now.getTime() - DAY_MS).toISOString()
    if ((await this.certifications.countOfResidentSince(resident.key, since)) >= CERTIFICATIONS_PER_DAY) {
      throw new AppError('RATE_LIMITED', `每天最多提交${CERTIFICATIONS_PER_DAY}次认证，请明天再试`)
    }
    const id = crypto.randomUUID()
    await this.db.transaction().execute(async (trx) => {
      const changeLog = new ChangeLogRepository(trx)
      await changeLog.lockForAppend(this.dialect)
      await new CertificationRepository(trx).insert({
        id,
        household_id: household.id,
        county_code: household.county_code,
        member_id: member.id,
        invite_token_hash: tokenHash,
        resident_openid: resident.key,
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
      // A resident has no account: ids and the declared status only (its review is audited with the push).
      await this.auditLog.record(trx, {
        actor: null,
        action: 'certification.submit',
        target: `certification/${id}`,
        result: 'success',
        details: { householdId: household.id, memberId: member.id, status: body.status, withScreenshot: Boolean(body.uploadId) }
      })
    })
    return { id, state: 'pending' }
  }

  async listOfGrid(scope: Scope, gridId: string, state: CertificationState): Promise<{ items: CertificationView[] }> {
    if (!(await this.grids.findVisible(gridId, scope))) throw notFound('网格')
    const rows = await this.certifications.listOfGrid(gridId, state, scope)
    return { items: rows.map(certificationViewOf) }
  }

  async mine(resident: Resident): Promise<{ items: Array<{ id: string; memberNameMasked: string; state: CertificationState; reason?: string }> }> {
    const rows = await this.certifications.listOfResident(resident.key)
    return {
      items: rows.map((row) => {
        const view = certificationViewOf(row)
        return { id: view.id, memberNameMasked: view.memberNameMasked, state: view.state, ...(view.reason ? { reason: view.reason } : {}) }
      })
    }
  }

  /**
   * Where a phone is on file, the resident proves they know it. Wrong answers are counted in the
   * database (a restart forgets none) per identity and, for a browser session, per its invitation.
   */
  private async checkPhoneLast4(resident: Resident, phoneEnc: string | null, phoneLast4: string | undefined, now: Date): Promise<void> {
    if (!phoneEnc) return
    const keys = phoneFailureKeys(resident)
    const since = new Date(now.getTime() - WRONG_PHONE_LAST4_WINDOW_MS).toISOString()
    if ((await this.phoneFailures.mostSince(keys, since)) >= WRONG_PHONE_LAST4_PER_DAY) {
      throw new AppError('RATE_LIMITED', '手机号后4位错误次数过多，请明天再试或联系网格员')
    }
    if (!phoneLast4) throw fieldError('phoneLast4', '手机号后4位必须填写（该成员登记了手机号）')
    if (normalizePhone(this.cipher.decrypt(phoneEnc)).slice(-4) === phoneLast4) return
    await this.phoneFailures.record(keys, now.toISOString(), since)
    throw fieldError('phoneLast4', '手机号后4位不正确')
  }
}

/** A browser identity is one sign-in away from a fresh one, so its invitation counts wrong answers too. */
function phoneFailureKeys(resident: Resident): string[] {
  return resident.inviteTokenHash ? [resident.key, `invite:${resident.inviteTokenHash}`] : [resident.key]
}

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, message }])
}
