import { View } from '@tarojs/components'
import { useVillageGrids } from './useVillageGrids'

/** For a village admin, which grid a household is in and who looks after it (a grid worker knows their own). */
export function HouseholdGridLine({ gridId, villageCode }: { gridId: string; villageCode: string }) {
  const { grids } = useVillageGrids(villageCode)
  const grid = grids.find((candidate) => candidate.id === gridId)
  if (!grid) return null
  const workers = grid.workers.map((worker) => worker.name).join('、') || '未分配网格员'
  return (
    <View className='muted household-grid'>
      所在网格：{grid.name}（{workers}）
    </View>
  )
}
