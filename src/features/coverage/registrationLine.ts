import type { MemberView } from '@/core/api'
import { APP_STATUS_LABELS } from '@/core/appStatus'

/**
 * Where a member app coverage counts stands: 已注册, 未安装, 拒绝安装：<the reason the worker wrote>, or
 * APP状态未登记 when nobody recorded it yet.
 */
export function registrationLine(member: Pick<MemberView, 'app'>): string {
  const app = member.app
  if (!app) return 'APP状态未登记'
  if (app.status === 'refused' && app.reason) return `${APP_STATUS_LABELS.refused}：${app.reason}`
  return APP_STATUS_LABELS[app.status]
}
