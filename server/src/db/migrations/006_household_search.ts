import { sql, type Kysely } from 'kysely'
import { formatAddress, type Address } from '../../../../src/core/household'
import { householdSortKey } from '../../../../src/core/householdQuery'

/**
 * What the household list's search and order need to mean exactly what the phone computes
 * (src/core/householdQuery.ts):
 * - `households.address_line`: the address as the card shows it (三组 5栋 301号), which `q` searches;
 *   filled here for existing rows, and kept by every household upsert.
 * - `households.address_sort` recomputed: the sort key now reads Chinese numerals as numbers too
 *   (二组 before 三组 before 十一组).
 * - `members.phone_mask_hash`: the keyed hash of the member's number masked (138****1234), which a whole
 *   number in `q` is matched by. It needs the data key, so existing rows are filled when the server
 *   starts (db/phoneMasks.ts), not here.
 * - On PostgreSQL, `households.id` in the "C" collation: the list's tie-break compares ids by byte, as
 *   SQLite does and as the phone does, whatever the database's locale.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .alterTable('households')
    .addColumn('address_line', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.alterTable('members').addColumn('phone_mask_hash', 'text').execute()
  if (dialect === 'postgres') await sql`alter table households alter column id type text collate "C"`.execute(db)

  const rows = await db
    .selectFrom('households')
    .select(['id', 'address_group', 'address_building', 'address_unit', 'address_door', 'address_text'])
    .$castTo<StoredAddress>()
    .execute()
  for (const row of rows) {
    const address: Address = {
      group: row.address_group ?? undefined,
      building: row.address_building ?? undefined,
      unit: row.address_unit ?? undefined,
      door: row.address_door ?? undefined,
      text: row.address_text ?? undefined
    }
    await db
      .updateTable('households')
      .set({ address_line: formatAddress(address), address_sort: householdSortKey(address) })
      .where('id', '=', row.id)
      .execute()
  }
}

/** The address columns as this migration finds them (a migration reads the schema of its own time). */
interface StoredAddress {
  id: string
  address_group: string | null
  address_building: string | null
  address_unit: string | null
  address_door: string | null
  address_text: string | null
}
