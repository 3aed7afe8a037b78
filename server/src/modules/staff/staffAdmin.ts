import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Grid } from '../../../../src/core/api'
import {
  DEFAULT_STAFF_NAMES,
  gridNameErrors,
  type GridCreate,
  type GridPatch,
  type StaffInvite,
  type StaffInviteCreate,
  type StaffInviteCreated,
  type StaffInviteRole,
  type VillageWorker
} from '../../../../src/core/staff'
import type { RegionLevel } from '../../../../src/core/regions'
import type { StaffPrincipal } from '../../access/principal'
import type { FieldCipher } from '../../crypto/fieldCipher'
import { AppError, notFound, validationFailed } from '../../errors'
import type { AuditLog } from '../audit/auditLog'
import { RegionRepository } from '../regions/regionRepository'
import { GridRepository } from '../regions/gridRepository'
import { StaffInviteRepository } from '../auth/staffInviteRepository'
import { STAFF_INVITE_TTL_DAYS, createStaffInvite, inviteCodeHash, inviteTarget, invitedGridIds } from '../auth/staffInvites'

/** Names in the order a Chinese reader expects (pinyin), as the grid list orders its workers. */
const byChineseName = new Intl.Collator('zh-CN').compare

/** The region level each invited role acts for. */
const ROLE_LEVELS: Record<StaffInviteRole, ReadonlyArray<RegionLevel>> = {
  grid_worker: ['village'],
  village_admin: ['village'],
  official: ['township', 'county']
}

/**
 * A village admin's (and an admin's) management of grids and staff: create and rename grids, assign
 * grid workers, issue and revoke staff invitations. Everything goes through the caller's scope (a
 * village admin: their village), so anything outside answers 404; each change is audited in its own
 * transaction.
 */
export class StaffAdmin {
  private readonly regions: RegionRepository
  private readonly invites: StaffInviteRepository

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
    private readonly auditLog: AuditLog,
    private readonly now: () => Date
  ) {
    this.regions = new RegionRepository(db)
    this.invites = new StaffInviteRepository(db)
  }

  async createGrid(staff: StaffPrincipal, input: GridCreate): Promise<Grid> {
    const nameErrors = gridNameErrors(input.name)
    if (nameErrors.length > 0) throw validationFailed(nameErrors)
    await this.villageInScope(staff, input.villageCode)
    const name = input.name.trim()
    await this.assertNameFree(input.villageCode, name, null)
    const id = crypto.randomUUID()
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('grids').values({ id, name, village_code: input.villageCode, created_at: this.now().toISOString() }).execute()
      await this.auditLog.record(trx, { ...this.actor(staff), action: 'grid.create', target: `grid/${id}`, details: { villageCode: input.villageCode, name } })
    })
    return { id, name, villageCode: input.villageCode, workers: [] }
  }

  /** Renames a grid and/or replaces its grid workers (each an active grid worker of the grid's village). */
  async patchGrid(staff: StaffPrincipal, id: string, patch: GridPatch): Promise<Grid> {
    if (patch.name !== undefined) {
      const nameErrors = gridNameErrors(patch.name)
      if (nameErrors.length > 0) throw validationFailed(nameErrors)
    }
    const grid = await new GridRepository(this.db).findVisible(id, staff.scope)
    if (!grid) throw notFound('网格')
    const name = patch.name?.trim()
    if (name !== undefined) await this.assertNameFree(grid.village_code, name, grid.id)
    const workerIds = patch.workerIds && [...new Set(patch.workerIds)]
    if (workerIds) await this.assertWorkersOf(grid.village_code, workerIds)
    await this.db.transaction().execute(async (trx) => {
      if (name !== undefined) await trx.updateTable('grids').set({ name }).where('id', '=', grid.id).execute()
      if (workerIds) await replaceWorkers(trx, grid.id, workerIds)
      await this.auditLog.record(trx, {
        ...this.actor(staff),
        action: 'grid.update',
        target: `grid/${grid.id}`,
        details: { villageCode: grid.village_code, ...(name !== undefined && { name }), ...(workerIds && { workerIds }) }
      })
    })
    const grids = await new GridRepository(this.db).listVisibleByVillage(grid.village_code, staff.scope)
    return grids.find((g) => g.id === grid.id)!
  }

  /** The village's active grid workers with their grids, by name. */
  async villageWorkers(staff: StaffPrincipal, villageCode: string): Promise<{ items: VillageWorker[] }> {
    await this.villageInScope(staff, villageCode)
    const rows = await this.db
      .selectFrom('users')
      .leftJoin('user_grids', 'user_grids.user_id', 'users.id')
      .select(['users.id', 'users.name', 'user_grids.grid_id'])
      .where('users.role', '=', 'grid_worker')
      .where('users.scope_region_code', '=', villageCode)
      .where('users.disabled_at', 'is', null)
      .execute()
    const byId = new Map<string, VillageWorker>()
    for (const row of rows) {
      const worker = byId.get(row.id) ?? { id: row.id, name: row.name, gridIds: [] }
      if (row.grid_id) worker.gridIds.push(row.grid_id)
      byId.set(row.id, worker)
    }
    return { items: [...byId.values()].sort((a, b) => byChineseName(a.name, b.name) || a.id.localeCompare(b.id)) }
  }

  async createInvite(staff: StaffPrincipal, input: StaffInviteCreate): Promise<StaffInviteCreated> {
    // A village admin brings in grid workers; other staff roles are the admin's to invite.
    if (staff.role !== 'admin' && input.role !== 'grid_worker') throw new AppError('FORBIDDEN', '村/社区管理员只能邀请网格员')
    const region = await this.regions.findVisible(input.regionCode, staff.scope)
    if (!region) throw notFound('地区')
    if (!ROLE_LEVELS[input.role].includes(region.level as RegionLevel)) {
      throw validationFailed([{ field: 'regionCode', message: input.role === 'official' ? '地区应为乡镇或区县' : '地区应为村社区' }])
    }
    const gridIds = [...new Set(input.gridIds ?? [])]
    if (input.role === 'grid_worker') await this.assertGridsOf(region.code, gridIds)
    else if (gridIds.length > 0) throw validationFailed([{ field: 'gridIds', message: '网格只在邀请网格员时填写' }])
    return this.db.transaction().execute(async (trx) => {
      const created = await createStaffInvite(trx, this.cipher, {
        name: input.name ?? DEFAULT_STAFF_NAMES[input.role],
        role: input.role,
        scopeRegionCode: region.code,
        gridIds,
        createdBy: staff.user.id,
        ttlDays: STAFF_INVITE_TTL_DAYS,
        now: this.now()
      })
      // The code is a credential: the log names the invitation by a prefix of its hash.
      await this.auditLog.record(trx, {
        ...this.actor(staff),
        action: 'staff-invite.create',
        target: inviteTarget(created.code),
        details: { role: input.role, regionCode: region.code, gridIds, expiresAt: created.expiresAt }
      })
      return created
    })
  }

  /** Live invitations for regions at or under `regionCode` (in the caller's scope), soonest to expire first. */
  async listInvites(staff: StaffPrincipal, regionCode: string): Promise<{ items: StaffInvite[] }> {
    if (!(await this.regions.findVisible(regionCode, staff.scope))) throw notFound('地区')
    const rows = await this.invites.listLive(regionCode, this.now().toISOString())
    const gridNames = await this.gridNames(rows.flatMap(invitedGridIds))
    return {
      items: rows
        .filter((row) => row.code_cipher)
        .map((row) => ({
          code: this.cipher.decrypt(row.code_cipher!),
          role: row.role as StaffInviteRole,
          name: row.name,
          regionCode: row.scope_region_code,
          grids: invitedGridIds(row).map((id) => ({ id, name: gridNames.get(id) ?? '' })),
          createdAt: row.created_at,
          expiresAt: row.expires_at
        }))
    }
  }

  /** Revokes an unused invitation of a region in the caller's scope; used, expired or unknown → 404. */
  async revokeInvite(staff: StaffPrincipal, code: string): Promise<void> {
    const invite = await this.invites.findUsable(inviteCodeHash(code), this.now().toISOString())
    if (!invite || !(await this.regions.findVisible(invite.scope_region_code, staff.scope))) throw notFound('邀请码')
    await this.db.transaction().execute(async (trx) => {
      if (!(await new StaffInviteRepository(trx).deleteUnused(invite.code_hash))) throw notFound('邀请码')
      await this.auditLog.record(trx, {
        ...this.actor(staff),
        action: 'staff-invite.revoke',
        target: inviteTarget(code),
        details: { role: invite.role, regionCode: invite.scope_region_code }
      })
    })
  }

  private actor(staff: StaffPrincipal) {
    return { actor: { id: staff.user.id, role: staff.role }, result: 'success' as const }
  }

  private async villageInScope(staff: StaffPrincipal, code: string): Promise<void> {
    const village = await this.regions.findVisible(code, staff.scope)
    if (!village || village.level !== 'village') throw notFound('村社区')
  }

  private async assertNameFree(villageCode: string, name: string, except: string | null): Promise<void> {
    let query = this.db.selectFrom('grids').select('id').where('village_code', '=', villageCode).where('name', '=', name)
    if (except) query = query.where('id', '!=', except)
    if (await query.executeTakeFirst()) throw new AppError('CONFLICT', '本村已有同名网格', [{ field: 'name', message: '本村已有同名网格' }])
  }

  private async assertWorkersOf(villageCode: string, workerIds: string[]): Promise<void> {
    if (workerIds.length === 0) return
    const found = await this.db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', workerIds)
      .where('role', '=', 'grid_worker')
      .where('scope_region_code', '=', villageCode)
      .where('disabled_at', 'is', null)
      .execute()
    if (found.length !== workerIds.length) throw validationFailed([{ field: 'workerIds', message: '网格员应为本村在岗的网格员' }])
  }

  private async assertGridsOf(villageCode: string, gridIds: string[]): Promise<void> {
    if (gridIds.length === 0) throw validationFailed([{ field: 'gridIds', message: '网格必须选择至少一个' }])
    const found = await this.db.selectFrom('grids').select('id').where('id', 'in', gridIds).where('village_code', '=', villageCode).execute()
    if (found.length !== gridIds.length) throw validationFailed([{ field: 'gridIds', message: '网格应为本村的网格' }])
  }

  private async gridNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db.selectFrom('grids').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute()
    return new Map(rows.map((row) => [row.id, row.name]))
  }
}

/** The grid's grid workers become exactly `workerIds`; other roles' links (none today) are left alone. */
async function replaceWorkers(trx: Kysely<Database>, gridId: string, workerIds: string[]): Promise<void> {
  const current = await trx
    .selectFrom('user_grids')
    .innerJoin('users', 'users.id', 'user_grids.user_id')
    .select('users.id')
    .where('user_grids.grid_id', '=', gridId)
    .where('users.role', '=', 'grid_worker')
    .execute()
  const currentIds = current.map((row) => row.id)
  const removed = currentIds.filter((id) => !workerIds.includes(id))
  const added = workerIds.filter((id) => !currentIds.includes(id))
  if (removed.length > 0) await trx.deleteFrom('user_grids').where('grid_id', '=', gridId).where('user_id', 'in', removed).execute()
  if (added.length > 0) await trx.insertInto('user_grids').values(added.map((userId) => ({ user_id: userId, grid_id: gridId }))).execute()
}


