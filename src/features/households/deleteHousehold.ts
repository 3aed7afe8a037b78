import Taro from '@tarojs/taro'
import { enqueueMutations } from '@/services/outbox'

/**
 * Deletes a household (moved away, registered twice) through the outbox like every change; the server
 * keeps it as a soft delete. Asked first, because it takes the household out of the grid's counts.
 * Returns whether it was deleted.
 */
export async function confirmAndDeleteHousehold(household: { id: string; addressText: string }): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title: '删除此户',
    content: `确定删除“${household.addressText || '未填地址'}”吗？删除后不再计入本网格的统计。`,
    confirmText: '删除',
    confirmColor: '#c8161d'
  })
  if (!confirm) return false
  try {
    enqueueMutations([{ type: 'household.delete', payload: { id: household.id } }])
  } catch {
    // Only a storage failure lands here: nothing was queued, so say so.
    void Taro.showModal({ title: '删除失败', content: '手机存储空间不足或不可用，这一户没有删除', showCancel: false })
    return false
  }
  void Taro.showToast({ title: '已删除', icon: 'success' })
  return true
}
