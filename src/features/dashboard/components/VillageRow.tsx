import { View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { DashboardVillage, VillageStatus } from '@/core/api'
import { formatPercent } from '@/core/coverage'
import { VILLAGE_STATUS_LABELS } from '../labels'
import './VillageRow.css'

const TAG_TYPES: Record<VillageStatus, 'success' | 'warning' | 'danger'> = {
  certified: 'success',
  in_progress: 'warning',
  vetoed: 'danger'
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
        <View>得分 <View className='village-row-value'>{Number.isInteger(village.points) ? village.points : village.points.toFixed(1)}</View></View>
      </View>
    </View>
  )
}
