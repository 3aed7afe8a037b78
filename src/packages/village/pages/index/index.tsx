import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PAGES } from '@/routes'
import './index.css'

const ENTRIES = [
  { title: '本村评分', hint: '得分、各项指标和差距清单', url: PAGES.villageScore },
  { title: '网格管理', hint: '新建网格、改名、分配网格员', url: PAGES.villageGrids },
  { title: '邀请码', hint: '邀请新网格员，查看和作废邀请码', url: PAGES.villageInvites },
  { title: '宣传活动与村情', hint: '记录宣传活动，填写志愿者队伍和96110预警跟进情况', url: PAGES.villageRecords }
]

/** The village admin's management pages, one tap from their household list. */
export default function VillageManagePage() {
  return (
    <View className='page'>
      {ENTRIES.map((entry) => (
        <View key={entry.url} className='section village-entry'>
          <Button className='village-entry-button' type='primary' block onClick={() => void Taro.navigateTo({ url: entry.url })}>
            {entry.title}
          </Button>
          <View className='muted'>{entry.hint}</View>
        </View>
      ))}
      <View className='section muted'>调整某户所在网格：在户详情页点“调整网格”。</View>
    </View>
  )
}
