import { View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { DashboardVillage, VillageStatus } from '@/core/api'
import { formatPercent } from '@/core/coverage'
import { VILLAGE_STATUS_LABELS } from '../labels'
import './VillageRow.css'

const TAG_TYPES: Record<VillageStatus, 'success' | 'warning' | 'danger' | 'default'> = {
  certified: 'success',
  in_progress: 'warning',
  vetoed: 'danger',
  not_started: 'default'
}

/** A village that has not started has no points yet: a dash, not a 0 that reads like a failing score. */
function pointsText(points: number | null): string {
  if (points === null) return '—'
  return Number.isInteger(points) ? String(points) : points.toFixed(1)
}

export function VillageRow({ village }: { village: DashboardVillage }) {
  return (
    <View className='village-row'>
      <View className='row'>
        <View className='village-row-name'>{village.name}</View>
        <Tag className='village-row-status' type={TAG_TYPES[village.status]}>{VILLAGE_STATUS_LABELS[village.status]}</Tag>
      </View>
      <View className='village-row-facts'>
        <View>注册率 <View className='village-row-value'>{formatPercent(village.appCoverage)}</View></View>
        <View>走访覆盖 <View className='village-row-value'>{formatPercent(village.visitCoverage)}</View></View>
        <View>得分 <View className='village-row-value'>{pointsText(village.points)}</View></View>
      </View>
    </View>
  )
}
