import { View } from '@tarojs/components'
import { ACTIVITY_KIND_LABELS, type ActivityRecord } from '@/core/campaign'
import { regionLevel } from '@/core/regions'
import './campaign.css'

/** Activities newest first: date, form, title and participants; a township's says it is the township's. */
export function ActivityList({ items }: { items: ActivityRecord[] }) {
  if (items.length === 0) return <View className='muted'>还没有记录宣传活动</View>
  return (
    <View>
      {items.map((activity) => (
        <View key={activity.id} className='activity-row'>
          <View className='row'>
            <View className='activity-row-date'>{activity.date}</View>
            <View className='activity-row-kind'>{ACTIVITY_KIND_LABELS[activity.kind]}</View>
          </View>
          <View className='activity-row-title'>{activity.title}</View>
          <View className='muted'>
            {activity.participants}人参与{regionLevel(activity.regionCode) === 'township' ? ` · ${activity.regionName}组织` : ''}
          </View>
        </View>
      ))}
    </View>
  )
}
