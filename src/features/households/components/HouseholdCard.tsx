import dayjs from 'dayjs'
import { View } from '@tarojs/components'
import type { HouseholdSummary } from '@/core/api'
import './HouseholdCard.css'

interface Props {
  household: HouseholdSummary
  onOpen: (id: string) => void
}

export function HouseholdCard({ household, onOpen }: Props) {
  const complete = household.eligible > 0 && household.registered >= household.eligible
  return (
    <View className='household-card' onClick={() => onOpen(household.id)}>
      <View className='household-card-address'>{household.addressText || '（未填地址）'}</View>
      <View className='household-card-facts'>
        <View>户主 {household.headNameMasked || '未指定'}</View>
        <View>{household.memberCount} 人</View>
        <View className={complete ? 'household-card-registered complete' : 'household-card-registered'}>
          已注册 {household.registered}/{household.eligible}
        </View>
      </View>
      <View className='muted'>
        {household.lastVisitAt ? `最近走访 ${dayjs(household.lastVisitAt).format('YYYY-MM-DD')}` : '尚未走访'}
      </View>
    </View>
  )
}
