import { z } from 'zod'
import type { FieldError } from './validation'

/**
 * Grids and staff invitations as a village admin manages them (API.md "Grids and staff"): the request
 * bodies, checked by the app before sending and by the server on arrival, and what the lists answer.
 */

export const GRID_NAME_MAX = 20

const villageCode = z.string('必须填写').regex(/^\d{12}$/, '应为12位区划代码')
const ids = z.array(z.string('格式不正确').min(1, '格式不正确'), '应为列表').max(50, '太多')

/**
 * The grid's name is checked by gridNameErrors, not here: the generic label of `name` is a person's
 * (姓名), and a grid's is 网格名称.
 */
export const gridCreateSchema = z.strictObject({ villageCode, name: z.string('必须填写') })
export type GridCreate = z.infer<typeof gridCreateSchema>

export const gridPatchSchema = z.strictObject({ name: z.string('格式不正确').optional(), workerIds: ids.optional() })
export type GridPatch = z.infer<typeof gridPatchSchema>

/** A grid's name, trimmed, 1 to 20 characters; the errors name the field 网格名称. */
export function gridNameErrors(name: string): FieldError[] {
  const trimmed = name.trim()
  if (!trimmed) return [{ field: 'name', message: '网格名称不能为空' }]
  if ([...trimmed].length > GRID_NAME_MAX) return [{ field: 'name', message: `网格名称不能超过${GRID_NAME_MAX}个字` }]
  return []
}

export const STAFF_INVITE_ROLES = ['grid_worker', 'village_admin', 'official'] as const
export type StaffInviteRole = (typeof STAFF_INVITE_ROLES)[number]

export const staffInviteCreateSchema = z.strictObject({
  role: z.enum(STAFF_INVITE_ROLES, '应为 grid_worker（网格员）、village_admin（村/社区管理员）或 official（乡镇/街道干部）'),
  regionCode: z.string('必须填写').regex(/^(\d{9}|\d{12})$/, '应为乡镇（9位）或村社区（12位）区划代码'),
  gridIds: ids.optional(),
  // Our addition to API.md: the name the new staff member will be listed under until they change it.
  name: z.string('格式不正确').trim().min(1, '不能为空').max(20, '不能超过20个字').optional()
})
export type StaffInviteCreate = z.infer<typeof staffInviteCreateSchema>

export interface StaffInviteCreated {
  /** Shown large for the new staff member to type in; case, spaces and dashes do not matter. */
  code: string
  expiresAt: string
}

/** A live (unused, unexpired) invitation as its issuer's list shows it. */
export interface StaffInvite {
  code: string
  role: StaffInviteRole
  name: string
  regionCode: string
  grids: { id: string; name: string }[]
  createdAt: string
  expiresAt: string
}

/** A grid worker of a village with the grids they work (the assign picker's choices). */
export interface VillageWorker {
  id: string
  name: string
  gridIds: string[]
}

/** The name a new staff member gets when the invitation names none. */
export const DEFAULT_STAFF_NAMES: Record<StaffInviteRole, string> = {
  grid_worker: '新网格员',
  village_admin: '新村管理员',
  official: '新乡镇干部'
}
