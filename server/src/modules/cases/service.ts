import type { Kysely } from 'kysely'
import {
  FRAUD_TYPES,
  AGE_BANDS,
  WARNING_THRESHOLD,
  lossBandOf,
  type AgeBand,
  type FraudType,
  type FraudWarning,
  type WarningList
} from '../../../../src/core/fraud'
import { CST_OFFSET_MS } from '../../../../src/core/period'
import type { Database } from '../../db/schema'
import { withinRegion } from '../../db/regionRange'
import { notFound, validationFailed } from '../../errors'

/** How far back the warnings reach: recent cases are the ones a neighbour can learn from. */
const WARNING_MONTHS = 12

/**
 * Anonymised warnings from a township's case records (DESIGN §2, issue #8 point 6). Only incidents —
 * cases with a local victim — and only when the township has at least WARNING_THRESHOLD of them in the
 * window; each leaves as month, fraud type, loss band and age band, never its village, day, exact loss
 * or note, and in an order that follows none of those.
 */
export class CaseService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date
  ) {}

  async warnings(townshipCode: string): Promise<WarningList> {
    if (!/^\d{9}$/.test(townshipCode)) throw validationFailed([{ field: 'code', message: '乡镇（街道）代码应为9位数字' }])
    const township = await this.db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('code', '=', townshipCode)
      .where('level', '=', 'township')
      .executeTakeFirst()
    if (!township) throw notFound('乡镇（街道）')
    const rows = await this.db
      .selectFrom('cases')
      .select(['occurred_on', 'fraud_type', 'loss_yuan', 'victim_age_band'])
      .where((eb) => withinRegion(eb, 'village_code', townshipCode))
      .where('kind', '=', 'incident')
      .where('occurred_on', '>=', this.windowStart())
      .execute()
    const items = rows.length < WARNING_THRESHOLD ? [] : rows.map(toWarning).sort(byMonthThenType)
    return { township, items }
  }

  /** First day (China time) of the month WARNING_MONTHS - 1 months before this one. */
  private windowStart(): string {
    const china = new Date(this.now().getTime() + CST_OFFSET_MS)
    const index = china.getUTCFullYear() * 12 + china.getUTCMonth() - (WARNING_MONTHS - 1)
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
  }
}

function toWarning(row: { occurred_on: string; fraud_type: string; loss_yuan: number | null; victim_age_band: string | null }): FraudWarning {
  const fraudType = (FRAUD_TYPES as readonly string[]).includes(row.fraud_type) ? (row.fraud_type as FraudType) : 'other'
  const ageBand = (AGE_BANDS as readonly string[]).includes(row.victim_age_band ?? '') ? (row.victim_age_band as AgeBand) : null
  return { month: row.occurred_on.slice(0, 7), fraudType, lossBand: lossBandOf(row.loss_yuan === null ? null : Number(row.loss_yuan)), ageBand }
}

function byMonthThenType(a: FraudWarning, b: FraudWarning): number {
  if (a.month !== b.month) return a.month < b.month ? 1 : -1
  const key = (w: FraudWarning) => `${FRAUD_TYPES.indexOf(w.fraudType)}|${w.lossBand}|${w.ageBand ?? ''}`
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
}
