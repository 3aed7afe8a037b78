import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import dayjs from 'dayjs'
import type { HouseholdDetail } from '@/core/api'
import { yearInChina } from '@/core/period'
import { MemberDetail } from '@/features/households/components/MemberDetail'
import { VisitHistory } from '@/features/visits/components/VisitHistory'
import { api, errorMessage } from '@/services/api'
import '../official.css'

/**
 * A household as an official sees it from a gap list: read-only (officials record no visits and edit no
 * rosters), with names and numbers as the server masks them for the official's role.
 */
export default function OfficialHouseholdPage() {
  const { params } = useRouter<{ id?: string }>()
  const [household, setHousehold] = useState<HouseholdDetail | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!params.id) {
      setError('没有指定住户')
      return
    }
    api.get<HouseholdDetail>(`/households/${params.id}`).then(setHousehold, (caught: unknown) => setError(errorMessage(caught)))
  }, [params.id])

  if (!household) return <View className={error ? 'page official-page error-text' : 'page official-page muted'}>{error ?? '加载中…'}</View>
  const year = yearInChina(new Date())
  return (
    <View className='page official-page'>
      <View className='section'>
        <View className='section-title official-household-address'>{household.addressText || '（未填地址）'}</View>
        <View className='muted'>
          户主 {household.headNameMasked} · 已注册 {household.registered}/{household.eligible} ·{' '}
          {household.lastVisitAt ? `最近走访 ${dayjs(household.lastVisitAt).format('YYYY-MM-DD')}` : '尚未走访'}
        </View>
      </View>
      <View className='section'>
        <View className='section-title'>家庭成员（{household.members.length}人）</View>
        {household.members.map((member) => (
          <MemberDetail key={member.id} member={member} year={year} />
        ))}
      </View>
      <View className='section'>
        <View className='section-title'>走访记录</View>
        <VisitHistory visits={household.visits} />
      </View>
    </View>
  )
}
