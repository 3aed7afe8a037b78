import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { MemberView } from '@/core/api'
import { PAGES, withQuery } from '@/routes'
import './CoverageMemberRow.css'

interface Props {
  member: MemberView
  addressText: string
  /** What to say about the member: their registration, or why they do not count. */
  line: string
  tone: 'todo' | 'done' | 'neutral'
}

/** One member behind a figure: who, where they live, and why they are on this list; tapping opens the household. */
export function CoverageMemberRow({ member, addressText, line, tone }: Props) {
  return (
    <View
      className='coverage-row'
      onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.household, { id: member.householdId }) })}
    >
      <View className='coverage-row-who'>
        <View className='coverage-row-name'>{member.name}</View>
        <View className='coverage-row-address'>{addressText || '（未填地址）'}</View>
      </View>
      <View className={`coverage-row-line coverage-row-line--${tone}`}>{line}</View>
    </View>
  )
}
