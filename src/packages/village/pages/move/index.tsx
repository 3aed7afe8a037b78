import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useSession } from '@/hooks/useSession'
import { enqueueMutations } from '@/services/outbox'
import { useHouseholdDetail } from '@/features/households/hooks/useHouseholdDetail'
import { useVillageGrids } from '@/features/village/useVillageGrids'
import { PickList } from '@/features/village/PickList'

/**
 * Moves a household to another grid of the village: a `household.move` through the outbox like every
 * change, so it also goes without signal; both grids' workers' phones follow on their next sync.
 */
export default function HouseholdMovePage() {
  const { params } = useRouter<{ id?: string }>()
  const villageCode = useSession()?.user?.scope.regionCode
  const { household, error: householdError } = useHouseholdDetail(params.id)
  const { grids, error: gridsError, loading } = useVillageGrids(villageCode)
  const [target, setTarget] = useState<string | null>(null)
  const error = householdError ?? gridsError
  const current = grids.find((grid) => grid.id === household?.gridId)
  const others = grids.filter((grid) => grid.id !== household?.gridId)

  const move = () => {
    if (!params.id || !target) return
    try {
      enqueueMutations([{ type: 'household.move', payload: { id: params.id, gridId: target } }])
    } catch {
      void Taro.showModal({ title: '调整失败', content: '手机存储空间不足或不可用，这一户没有调整', showCancel: false })
      return
    }
    void Taro.showToast({ title: '已调整', icon: 'success' })
    void Taro.navigateBack()
  }

  return (
    <View className='page'>
      <View className='section'>
        <View className='section-title'>{household ? household.addressText || '（未填地址）' : '加载中…'}</View>
        <View className='muted'>现在所在网格：{current?.name ?? '—'}</View>
      </View>
      <View className='section'>
        <View className='section-title'>调整到</View>
        {error && <View className='error-text'>{error}</View>}
        {loading || !household ? (
          <View className='muted'>加载中…</View>
        ) : (
          <PickList
            options={others.map((grid) => ({ id: grid.id, label: `${grid.name}（${grid.workers.map((w) => w.name).join('、') || '未分配网格员'}）` }))}
            chosen={target ? [target] : []}
            onToggle={(id) => setTarget(id)}
            empty='本村没有其他网格'
          />
        )}
        <View className='muted'>成员、走访记录随户一起调整，原网格员手机上不再显示此户。</View>
        <Button className='move-confirm' type='primary' block disabled={!target} onClick={move}>
          确认调整
        </Button>
      </View>
    </View>
  )
}
