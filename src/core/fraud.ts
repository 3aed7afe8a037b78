/**
 * Fraud types (DESIGN §2's case records) and the anonymised warnings drawn from a township's cases:
 * shared by the server, which computes the bands, and the app, which shows them.
 */
export const FRAUD_TYPES = [
  'brushing',
  'investment',
  'fake_customer_service',
  'fake_police',
  'fake_loan',
  'fake_credit',
  'game_trading',
  'romance',
  'other'
] as const
export type FraudType = (typeof FRAUD_TYPES)[number]

export const FRAUD_TYPE_LABELS: Record<FraudType, string> = {
  brushing: '刷单返利',
  investment: '虚假投资理财',
  fake_customer_service: '冒充客服',
  fake_police: '冒充公检法',
  fake_loan: '虚假网络贷款',
  fake_credit: '虚假征信',
  game_trading: '网络游戏虚假交易',
  romance: '婚恋交友',
  other: '其他'
}

export const CASE_KINDS = ['incident', 'suspect', 'den'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

/** Victim's age band: coarse on purpose, so that with month and township it points at nobody. */
export const AGE_BANDS = ['under_18', '18_39', '40_59', '60_plus'] as const
export type AgeBand = (typeof AGE_BANDS)[number]
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under_18: '18岁以下',
  '18_39': '18-39岁',
  '40_59': '40-59岁',
  '60_plus': '60岁以上'
}

export const LOSS_BANDS = ['none', 'under_10k', '10k_100k', 'over_100k'] as const
export type LossBand = (typeof LOSS_BANDS)[number]
export const LOSS_BAND_LABELS: Record<LossBand, string> = {
  none: '未造成损失',
  under_10k: '1万元以下',
  '10k_100k': '1万-10万元',
  over_100k: '10万元以上'
}

/** The band of a loss in yuan; the exact amount never leaves the server. */
export function lossBandOf(lossYuan: number | null): LossBand {
  if (lossYuan === null || lossYuan <= 0) return 'none'
  if (lossYuan < 10_000) return 'under_10k'
  if (lossYuan <= 100_000) return '10k_100k'
  return 'over_100k'
}

/** A township must have at least this many incidents before any of them is shown, so none singles out a victim. */
export const WARNING_THRESHOLD = 3

/** One anonymised case: month (China time), type and bands only. */
export interface FraudWarning {
  /** `YYYY-MM` */
  month: string
  fraudType: FraudType
  lossBand: LossBand
  ageBand: AgeBand | null
}

export interface WarningList {
  township: { code: string; name: string }
  items: FraudWarning[]
}

/** `2026-11` → 2026年11月 */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-')
  return `${year}年${Number(number)}月`
}

/** One line for a warning card: 2026年11月 · 60岁以上居民 · 损失1万-10万元. */
export function describeWarning(warning: FraudWarning): string {
  const who = warning.ageBand ? `${AGE_BAND_LABELS[warning.ageBand]}居民` : '居民'
  const loss = warning.lossBand === 'none' ? LOSS_BAND_LABELS.none : `损失${LOSS_BAND_LABELS[warning.lossBand]}`
  return [formatMonth(warning.month), who, loss].join(' · ')
}
