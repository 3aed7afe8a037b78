import type { z } from 'zod'
import { formatAddress, householdUpsertSchema, type Address } from '../household'
import { isGone, type LocalHousehold } from '../localGrid'
import type { MutationDefinition } from './definition'

/**
 * Creates or updates a household by its client UUID (server: applyHouseholdUpsert). The address is
 * replaced whole; a note left out keeps the stored one; every upsert counts a version.
 */
export const householdUpsert: MutationDefinition<z.output<typeof householdUpsertSchema>> = {
  schema: householdUpsertSchema,
  applyLocally(grid, payload) {
    if (isGone(grid, payload.id)) return grid
    const existing = grid.households[payload.id]
    const household: LocalHousehold = {
      id: payload.id,
      gridId: payload.gridId,
      // A household made on the phone takes its grid's village (services/gridCache knows it).
      villageCode: existing?.villageCode ?? '',
      address: storedAddress(payload.address),
      note: payload.note === undefined ? (existing?.note ?? null) : payload.note || null,
      version: (existing?.version ?? 0) + 1
    }
    return { ...grid, households: { ...grid.households, [payload.id]: household } }
  },
  describe: (payload) => `保存户：${formatAddress(payload.address) || '（无地址）'}`,
  householdsTouched: (_grid, payload) => [payload.id]
}

/** The server keeps an empty address part as none (and sends it back without that part). */
function storedAddress(address: Address): Address {
  return Object.fromEntries(Object.entries(address).filter(([, part]) => part))
}
