import type { Mutation } from '@/core/mutations'
import { formatAddress } from '@/core/household'
import { APP_STATUS_LABELS } from '@/core/appStatus'
import { VISIT_KIND_LABELS } from '@/core/visit'

/** One line saying what a queued change is, for the sync page's lists of waiting and refused changes. */
export function describeMutation(mutation: Mutation): string {
  switch (mutation.type) {
    case 'household.upsert': {
      const payload = mutation.payload as Mutation<'household.upsert'>['payload']
      return `保存户：${formatAddress(payload.address) || '（无地址）'}`
    }
    case 'household.delete':
      return '删除户'
    case 'member.upsert': {
      const payload = mutation.payload as Mutation<'member.upsert'>['payload']
      return `保存成员：${payload.name}`
    }
    case 'member.delete':
      return '删除成员'
    case 'member.app': {
      const payload = mutation.payload as Mutation<'member.app'>['payload']
      return `登记APP状态：${APP_STATUS_LABELS[payload.status]}`
    }
    case 'visit.record': {
      const payload = mutation.payload as Mutation<'visit.record'>['payload']
      return `走访记录：${VISIT_KIND_LABELS[payload.kind]}`
    }
    default:
      return '修改'
  }
}
