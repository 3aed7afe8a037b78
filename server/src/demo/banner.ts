import { ROLE_LABELS } from '../../../src/core/api'
import type { DemoSummary } from './seedDemo'

/** What `npm start` prints once the server listens: where to go and how to sign in. */
export function formatDemoBanner(summary: DemoSummary, url: string): string {
  const accounts = summary.accounts.map(
    (account) => `    ${account.username.padEnd(15)}${account.name}  ${ROLE_LABELS[account.role]} · ${account.scope}`
  )
  const rule = '='.repeat(64)
  return [
    rule,
    '  无诈社区 · 演示模式（数据为合成的演示数据，请勿录入真实个人信息）',
    rule,
    `  打开：${url}`,
    `  接口文档：${url}/api/docs`,
    '',
    `  演示账号（密码均为 ${summary.password}）：`,
    ...accounts,
    '',
    `  演示乡镇：${summary.township.name}（${summary.township.code}），${summary.households.villages} 个村共 ${summary.households.count} 户演示数据`,
    `  演示村：${summary.village.name}（${summary.village.code}）`,
    `  网格员邀请码：${summary.invite.code}（${summary.invite.gridName}，受邀人 ${summary.invite.name}，${summary.invite.ttlDays} 天内有效）`,
    rule
  ].join('\n')
}
