import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useSession } from '@/hooks/useSession'
import { useGridPull, usePendingCertifications } from '@/hooks/useGridCache'
import { enqueueMutations, syncNow } from '@/services/outbox'
import { ReviewCard } from '@/features/review/ReviewCard'

/**
 * The grid worker's review queue: residents' certifications from the phone's copy of the grid (pulled
 * when the page opens, so a resident who just submitted is there; offline the copy is shown), decided
 * through the `certification.review` mutation in the outbox, so it works without signal like every
 * other change (the decided one leaves the list at once; the sync page shows it until sent).
 */
export default function ReviewPage() {
  const gridId = useSession()?.user?.scope.gridIds?.[0] ?? null
  const items = usePendingCertifications(gridId)
  useGridPull(gridId)

  const decide = (certificationId: string, decision: 'accept' | 'reject', reason?: string) => {
    enqueueMutations([{ type: 'certification.review', payload: { certificationId, decision, ...(reason ? { reason } : {}) } }])
    void syncNow()
    void Taro.showToast({ title: decision === 'accept' ? '已通过' : '已退回', icon: 'none' })
  }

  return (
    <View className='page'>
      <View className='section review-count'>待审核 {items.length} 条</View>
      {items.length === 0 && <View className='section muted'>没有待审核的居民认证</View>}
      {items.map((item) => (
        <ReviewCard
          key={item.certification.id}
          item={item}
          onAccept={() => decide(item.certification.id, 'accept')}
          onReject={(reason) => decide(item.certification.id, 'reject', reason)}
        />
      ))}
    </View>
  )
}
