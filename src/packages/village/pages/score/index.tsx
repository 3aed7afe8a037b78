import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useSession } from '@/hooks/useSession'
import { useVillageScore } from '@/features/dashboard/hooks/useVillageScore'
import { ScoreExplained } from '@/features/dashboard/components/ScoreExplained'
import { PAGES } from '@/routes'

/**
 * 本村评分: the village's explained score (GET /scores/villages/:code) as an official sees it, the gap
 * list's households opening the village admin's own household page. Read again on every return, since a
 * visit or a move made meanwhile changes it.
 */
export default function VillageScorePage() {
  const villageCode = useSession()?.user?.scope.regionCode
  const { score, households, error, reload } = useVillageScore(villageCode, undefined)
  useDidShow(() => {
    void reload()
  })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  if (!score) return <View className={error ? 'page error-text' : 'page muted'}>{error ?? '加载中…'}</View>
  return (
    <View className='page'>
      <ScoreExplained
        score={score}
        households={households}
        householdPage={PAGES.household}
        actions={error && <View className='error-text'>{error}</View>}
      />
    </View>
  )
}
