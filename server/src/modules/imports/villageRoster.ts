import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Scope } from '../../access/scope'
import { addressOf } from '../households/householdRepository'
import { addressKeyOf, nameKeyOf } from './rosterRow'

export interface RegisteredHousehold {
  id: string
  gridId: string
  /** The live head's member id, when the household has one. */
  headId: string | null
}

export interface RegisteredMember {
  id: string
  householdId: string
  gridId: string
}

/**
 * The live households of one village and the members the importer may see, indexed the way an import
 * compares rows with them: households by normalized address; members by address + name and by the
 * keyed hash of the phone number. Duplicates are looked for only among members in the importer's scope
 * (a grid worker: their own grids), so a dry run cannot confirm that a phone number or a person exists
 * in another grid. Addresses are looked up in the whole village: a household belongs to one grid, and
 * an import must not split it (the import then says only that the address is registered elsewhere).
 */
export class VillageRoster {
  private constructor(
    private readonly byAddress: Map<string, RegisteredHousehold[]>,
    private readonly byAddressAndName: Map<string, RegisteredMember>,
    private readonly byPhoneHash: Map<string, RegisteredMember>
  ) {}

  static async load(db: Kysely<Database>, villageCode: string, scope: Scope): Promise<VillageRoster> {
    const households = await db
      .selectFrom('households')
      .selectAll()
      .where('village_code', '=', villageCode)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const members = await db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select(['m.id', 'm.household_id', 'm.name', 'm.phone_hash', 'm.is_head'])
      .where('h.village_code', '=', villageCode)
      .where('h.deleted_at', 'is', null)
      .where((eb) => scope.gridCondition(eb, 'h.grid_id', 'h.village_code'))
      .where('m.deleted_at', 'is', null)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute()

    const byId = new Map<string, RegisteredHousehold & { key: string }>()
    const byAddress = new Map<string, RegisteredHousehold[]>()
    for (const row of households) {
      const household = { id: row.id, gridId: row.grid_id, headId: null, key: addressKeyOf(addressOf(row)) }
      byId.set(row.id, household)
      byAddress.set(household.key, [...(byAddress.get(household.key) ?? []), household])
    }
    const byAddressAndName = new Map<string, RegisteredMember>()
    const byPhoneHash = new Map<string, RegisteredMember>()
    for (const row of members) {
      const household = byId.get(row.household_id)!
      const member = { id: row.id, householdId: household.id, gridId: household.gridId }
      if (row.is_head === 1) household.headId = row.id
      const nameKey = memberKey(household.key, nameKeyOf(row.name))
      if (!byAddressAndName.has(nameKey)) byAddressAndName.set(nameKey, member)
      if (row.phone_hash && !byPhoneHash.has(row.phone_hash)) byPhoneHash.set(row.phone_hash, member)
    }
    return new VillageRoster(byAddress, byAddressAndName, byPhoneHash)
  }

  /** Live households at this address, oldest first. */
  householdsAt(addressKey: string): RegisteredHousehold[] {
    return this.byAddress.get(addressKey) ?? []
  }

  memberAt(addressKey: string, nameKey: string): RegisteredMember | undefined {
    return this.byAddressAndName.get(memberKey(addressKey, nameKey))
  }

  memberWithPhone(phoneHash: string): RegisteredMember | undefined {
    return this.byPhoneHash.get(phoneHash)
  }
}

function memberKey(addressKey: string, nameKey: string): string {
  return `${addressKey}\u0000${nameKey}`
}
