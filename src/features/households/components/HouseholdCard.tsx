import dayjs from 'dayjs'
import { View } from '@tarojs/components'
import type { HouseholdSummary } from '@/core/api'
import './HouseholdCard.css'

/**
 * The card's height in px. The list is virtual (VirtualList needs one fixed height), so the card's
 * CSS uses upper-case PX, which Taro leaves unscaled on every screen width.
 */
export const HOUSEHOLD_CARD_HEIGHT = 112

interface Props {
  household: HouseholdSummary
  /** Visited this quarter (any visit in it, not only the latest). */
  visited: boolean
  onOpen: (id: string) => void
  onVisit: (household: HouseholdSummary) => void
}

/** Orange while someone eligible is unregistered, green when all are, grey when nobody needs to. */
function registrationState(household: HouseholdSummary): { text: string; className: string } {
  if (household.eligible === 0) return { text: '无需注册', className: 'household-card-registered none' }
  const complete = household.registered >= household.eligible
  return {
    text: `已注册 ${household.registered}/${household.eligible}`,
    className: complete ? 'household-card-registered complete' : 'household-card-registered'
  }
}

export function HouseholdCard({ household, visited, onOpen, onVisit }: Props) {
  const registration = registrationState(household)
  return (
    <View className='household-card'>
      <View className='household-card-main' onClick={() => onOpen(household.id)}>
        <View className='household-card-line household-card-address'>{household.addressText || '（未填地址）'}</View>
        <View className='household-card-line household-card-facts'>
          <View>户主 {household.headNameMasked || '未指定'}</View>
          <View>{household.memberCount} 人</View>
          <View className={registration.className}>{registration.text}</View>
        </View>
        <View className={visited ? 'household-card-line household-card-visit-state' : 'household-card-line household-card-visit-state due'}>
          {household.lastVisitAt ? `最近走访 ${dayjs(household.lastVisitAt).format('YYYY-MM-DD')}` : '尚未走访'}
          {household.lastVisitAt && !visited && '（本季未走访）'}
        </View>
      </View>
      <View className='household-card-visit' onClick={() => onVisit(household)}>
        走访
      </View>
    </View>
  )
}
