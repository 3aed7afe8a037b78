import { View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { DashboardVillage, VillageStatus } from '@/core/api'
import { formatPercent } from '@/core/coverage'
import { VILLAGE_STATUS_LABELS } from '../labels'
import { pointsGap } from '../villageTable'
import './VillageRow.css'

const TAG_TYPES: Record<VillageStatus, 'success' | 'warning' | 'danger' | 'default'> = {
  certified: 'success',
  in_progress: 'warning',
  vetoed: 'danger',
  not_started: 'default'
}

/** A village that has not started has no points yet: a dash, not a 0 that reads like a failing score. */
export function pointsText(points: number | null): string {
  if (points === null) return '—'
  return Number.isInteger(points) ? String(points) : points.toFixed(1)
}

interface Props {
  village: DashboardVillage
  /** The rule set's pass line, for 距达标; unknown while the rule set loads. */
  passPoints?: number | null
  onOpen: () => void
}

/**
 * One row of the village table (a county's row on a city's table, with its villages certified instead
 * of a status). A phone stacks the figures under the name; a wide screen lays them out as columns.
 */
export function VillageRow({ village, passPoints, onOpen }: Props) {
  const isRegion = village.villages !== undefined
  const gap = passPoints == null ? null : pointsGap(village, passPoints)
  return (
    <View className='village-row tappable' onClick={onOpen}>
      <View className='village-row-head'>
        <View className='village-row-name link'>{village.name}</View>
        {isRegion ? (
          <View className='village-row-certified'>达标 {village.certified}/{village.villages}</View>
        ) : (
          <Tag className='village-row-status' type={TAG_TYPES[village.status]}>{VILLAGE_STATUS_LABELS[village.status]}</Tag>
        )}
      </View>
      <View className='village-row-facts'>
        <View className='village-row-fact'>注册率 <View className='village-row-value'>{formatPercent(village.appCoverage)}</View></View>
        <View className='village-row-fact'>走访覆盖 <View className='village-row-value'>{formatPercent(village.visitCoverage)}</View></View>
        {!isRegion && <View className='village-row-fact'>得分 <View className='village-row-value'>{pointsText(village.points)}</View></View>}
        {!isRegion && gap !== null && village.status !== 'certified' && (
          <View className='village-row-fact'>距达标 <View className='village-row-value'>{pointsText(gap)}分</View></View>
        )}
        <View className='village-row-fact'>户数 <View className='village-row-value'>{village.households}</View></View>
      </View>
    </View>
  )
}
