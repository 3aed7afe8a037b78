import type { VillageStatus } from '@/core/api'

export const VILLAGE_STATUS_LABELS: Record<VillageStatus, string> = {
  certified: '达标',
  in_progress: '创建中',
  vetoed: '一票否决',
  not_started: '未开始'
}
