import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { AgeBand, CaseKind, FraudType } from '../../../src/core/fraud'
import { countyCodeOf } from '../../../src/core/regions'
import { DEMO_ACCOUNTS } from './plan'
import { demoId } from './ids'

interface DemoCase {
  village: string
  monthsAgo: number
  day: number
  kind: CaseKind
  fraudType: FraudType
  lossYuan: number | null
  ageBand: AgeBand | null
  note: string
}

/**
 * A few 涉诈案件 in 大阳镇's other villages (officials record real ones through POST /cases), so that the
 * township has the three incidents its 防骗知识 warnings need. Notes are made up and never leave the server.
 */
const CASES: ReadonlyArray<DemoCase> = [
  { village: '141002102202', monthsAgo: 1, day: 12, kind: 'incident', fraudType: 'brushing', lossYuan: 8600, ageBand: '18_39', note: '网上兼职刷单，先返小额佣金后要求垫付' },
  { village: '141002102203', monthsAgo: 2, day: 3, kind: 'incident', fraudType: 'fake_police', lossYuan: 120000, ageBand: '60_plus', note: '冒充公安称涉嫌洗钱，要求转入“安全账户”' },
  { village: '141002102208', monthsAgo: 3, day: 21, kind: 'incident', fraudType: 'fake_customer_service', lossYuan: 23000, ageBand: '40_59', note: '冒充电商客服称商品质量问题理赔' },
  { village: '141002102203', monthsAgo: 4, day: 9, kind: 'incident', fraudType: 'investment', lossYuan: 56000, ageBand: '60_plus', note: '加入“炒股群”被诱导在虚假平台投资' },
  { village: '141002102208', monthsAgo: 2, day: 17, kind: 'suspect', fraudType: 'other', lossYuan: null, ageBand: null, note: '为诈骗团伙出租银行卡' }
]

export async function seedDemoCases(db: Kysely<Database>, now: Date): Promise<void> {
  const rows = CASES.map((c, index) => {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - c.monthsAgo, c.day))
    return {
      id: demoId('case', index),
      village_code: c.village,
      county_code: countyCodeOf(c.village),
      occurred_on: date.toISOString().slice(0, 10),
      kind: c.kind,
      fraud_type: c.fraudType,
      loss_yuan: c.lossYuan,
      victim_age_band: c.ageBand,
      note: c.note,
      created_by: DEMO_ACCOUNTS.official.id,
      created_at: now.toISOString()
    }
  })
  await db.insertInto('cases').values(rows).onConflict((oc) => oc.columns(['id', 'county_code']).doNothing()).execute()
}
