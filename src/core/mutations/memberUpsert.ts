import type { z } from 'zod'
import type { MemberView } from '../api'
import { renameCertifications } from '../certification'
import { maskIdNumber } from '../idNumber'
import { isGone } from '../localGrid'
import { memberUpsertSchema } from '../member'
import { maskPhone } from '../phone'
import type { MutationDefinition } from './definition'

/**
 * Creates or updates a member by client UUID (server: applyMemberUpsert): name and smartphone always,
 * optional fields only when present; an empty phone or ID number clears it; a member marked head makes
 * the household's other members non-heads. A member may move to another household of the grid.
 */
export const memberUpsert: MutationDefinition<z.output<typeof memberUpsertSchema>> = {
  schema: memberUpsertSchema,
  applyLocally(grid, payload) {
    if (!grid.households[payload.householdId] || isGone(grid, payload.id)) return grid
    const existing = grid.members[payload.id]
    const member: MemberView = {
      ...(existing ?? newMember(payload.id)),
      householdId: payload.householdId,
      name: payload.name,
      smartphone: payload.smartphone,
      ...(payload.gender !== undefined ? { gender: payload.gender } : {}),
      ...(payload.birthYear !== undefined ? { birthYear: payload.birthYear } : {}),
      ...(payload.relation !== undefined ? { relation: payload.relation || null } : {}),
      ...(payload.away !== undefined ? { away: payload.away ?? null } : {}),
      ...(payload.tags !== undefined ? { tags: [...new Set(payload.tags)] } : {}),
      ...(payload.isHead !== undefined ? { isHead: payload.isHead } : {}),
      // The schema has normalized both numbers; the phone, like every API answer, keeps them masked.
      ...(payload.phone !== undefined ? { phoneMasked: payload.phone ? maskPhone(payload.phone) : null } : {}),
      ...(payload.idNumber !== undefined ? { idNumberMasked: payload.idNumber ? maskIdNumber(payload.idNumber) : null } : {})
    }
    const members = { ...grid.members, [payload.id]: member }
    if (payload.isHead) {
      for (const other of Object.values(grid.members)) {
        if (other.id !== payload.id && other.householdId === payload.householdId && other.isHead) members[other.id] = { ...other, isHead: false }
      }
    }
    return { ...grid, members, certifications: renameCertifications(grid.certifications, new Map([[payload.id, payload.name]])) }
  },
  describe: (payload) => `保存成员：${payload.name}`,
  householdsTouched(grid, payload) {
    const previous = grid.members[payload.id]?.householdId
    return previous && previous !== payload.householdId ? [previous, payload.householdId] : [payload.householdId]
  }
}

function newMember(id: string): MemberView {
  return {
    id,
    householdId: '',
    name: '',
    gender: 'unknown',
    birthYear: null,
    phoneMasked: null,
    idNumberMasked: null,
    relation: null,
    smartphone: 'unknown',
    away: null,
    tags: [],
    isHead: false,
    app: null
  }
}
