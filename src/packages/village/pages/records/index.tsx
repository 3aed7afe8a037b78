import { useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useSession } from '@/hooks/useSession'
import { ActivityForm } from '@/features/campaign/ActivityForm'
import { ActivityList } from '@/features/campaign/ActivityList'
import { VillageFactsForm } from '@/features/campaign/VillageFactsForm'
import { useActivities } from '@/features/campaign/useActivities'

/**
 * The village admin's campaign records: the activities that count for the village (its own and its
 * township's), 记录宣传活动 for the village, and the village's facts (volunteer team, 96110 warnings).
 */
export default function VillageRecordsPage() {
  const villageCode = useSession()?.user?.scope.regionCode
  const { items, error, reload } = useActivities(villageCode)
  const [recording, setRecording] = useState(false)
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  if (!villageCode) return <View className='page error-text'>当前账号没有所属村社区</View>
  return (
    <View className='page'>
      <View className='section'>
        <View className='section-title'>宣传活动</View>
        <View className='muted'>本村和本乡镇组织的活动都计入本村评分的“宣传活动”一项（每月至少1次）。</View>
        {!recording && (
          <Button className='records-record-activity' type='primary' block onClick={() => setRecording(true)}>
            记录宣传活动
          </Button>
        )}
      </View>
      {recording && (
        <ActivityForm
          regionCode={villageCode}
          title='记录宣传活动'
          hint='本村组织的宣传活动。'
          onCancel={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false)
            void Taro.showToast({ title: '已记录', icon: 'success' })
            void reload()
          }}
        />
      )}
      <View className='section records-activities'>
        <View className='section-title'>已记录的活动</View>
        {error && <View className='error-text'>{error}</View>}
        {items ? <ActivityList items={items} /> : !error && <View className='muted'>加载中…</View>}
      </View>
      <VillageFactsForm villageCode={villageCode} />
    </View>
  )
}
