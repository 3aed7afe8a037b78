import { useRef } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import dayjs from 'dayjs'
import { yearInChina } from '@/core/period'
import { useSession } from '@/hooks/useSession'
import { useHouseholdDetail } from '@/features/households/hooks/useHouseholdDetail'
import { MemberDetail } from '@/features/households/components/MemberDetail'
import { useQuickVisit } from '@/features/visits/hooks/useQuickVisit'
import { QuickVisitSheet } from '@/features/visits/components/QuickVisitSheet'
import { VisitHistory } from '@/features/visits/components/VisitHistory'
import { OutboxBadge } from '@/features/sync/components/OutboxBadge'
import { confirmAndDeleteHousehold } from '@/features/households/deleteHousehold'
import { InvitePanel } from '@/features/invites/InvitePanel'
import { HouseholdGridLine } from '@/features/village/HouseholdGridLine'
import { PAGES, withQuery } from '@/routes'
import './index.css'

export default function HouseholdPage() {
  const { params } = useRouter<{ id?: string }>()
  const user = useSession()?.user ?? null
  const { household, error, reload, addVisit } = useHouseholdDetail(params.id)
  const visit = useQuickVisit({
    onRecorded: (record) =>
      addVisit({ ...record, note: record.note ?? null, workerId: user?.id ?? '', workerName: user?.name ?? '我' })
  })
  const year = yearInChina(new Date())

  // Coming back from editing: show what was just saved.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void reload()
    shown.current = true
  })

  if (!household) return <View className={error ? 'page error-text' : 'page muted'}>{error ?? '加载中…'}</View>

  const edit = () => Taro.navigateTo({ url: withQuery(PAGES.householdEdit, { id: household.id }) })
  const remove = async () => {
    if (await confirmAndDeleteHousehold(household)) void Taro.navigateBack()
  }
  return (
    <View className='page'>
      <View className='section'>
        <View className='household-address'>{household.addressText || '（未填地址）'}</View>
        <View className='muted'>
          已注册 {household.registered}/{household.eligible} ·{' '}
          {household.lastVisitAt ? `最近走访 ${dayjs(household.lastVisitAt).format('YYYY-MM-DD')}` : '尚未走访'}
        </View>
        {user?.role === 'village_admin' && user.scope.regionCode && <HouseholdGridLine gridId={household.gridId} villageCode={user.scope.regionCode} />}
        {household.note && <View className='household-note'>{household.note}</View>}
        {error && <View className='error-text'>{error}</View>}
        <OutboxBadge />
        <View className='household-actions'>
          <Button className='household-record-visit' type='primary' onClick={() => visit.open(household)}>
            记录走访
          </Button>
          <Button className='household-edit' fill='outline' onClick={edit}>
            编辑
          </Button>
        </View>
      </View>

      <View className='section'>
        <View className='section-title'>家庭成员（{household.members.length}人）</View>
        {household.members.length === 0 && <View className='muted'>还没有登记成员</View>}
        {household.members.map((member) => (
          <MemberDetail key={member.id} member={member} year={year} />
        ))}
      </View>

      {user?.role === 'grid_worker' && <InvitePanel householdId={household.id} />}

      <View className='section'>
        <View className='section-title'>走访记录</View>
        <VisitHistory visits={household.visits} />
      </View>

      {user?.role === 'village_admin' && (
        <Button
          className='household-move'
          block
          fill='outline'
          onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.householdMove, { id: household.id }) })}
        >
          调整网格
        </Button>
      )}
      <Button className='household-delete' block fill='none' onClick={() => void remove()}>
        删除此户
      </Button>

      <QuickVisitSheet visit={visit} />
    </View>
  )
}
