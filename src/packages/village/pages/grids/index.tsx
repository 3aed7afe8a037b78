import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import type { Grid } from '@/core/api'
import { gridNameErrors, type VillageWorker } from '@/core/staff'
import { useSession } from '@/hooks/useSession'
import { useVillageGrids } from '@/features/village/useVillageGrids'
import { PickList, toggled } from '@/features/village/PickList'
import { gridlessWarning, gridlessWorkers, leftWithoutGrid } from '@/features/village/gridlessWorkers'
import { PAGES, withQuery } from '@/routes'
import './index.css'

/**
 * 网格管理: the village's grids with their workers; create, rename, assign grid workers. A worker in no
 * grid sees no household, so they are listed, and an assignment that would leave one so asks first.
 */
export default function VillageGridsPage() {
  const villageCode = useSession()?.user?.scope.regionCode
  const { grids, workers, error, loading, create, update } = useVillageGrids(villageCode)
  const gridless = gridlessWorkers(workers, grids)
  const [name, setName] = useState('')
  const [createError, setCreateError] = useState<string | null>(null)

  const submit = async () => {
    const problem = gridNameErrors(name)[0]?.message ?? (await create(name.trim()))
    setCreateError(problem)
    if (!problem) {
      setName('')
      void Taro.showToast({ title: '已新建网格', icon: 'success' })
    }
  }

  return (
    <View className='page'>
      <View className='section'>
        <View className='section-title'>新建网格</View>
        <Input className='grid-new-name' name='gridName' placeholder='网格名称，如“第三网格”' value={name} onChange={setName} />
        {createError && <View className='error-text'>{createError}</View>}
        <Button className='grid-create' type='primary' block onClick={() => void submit()}>
          新建网格
        </Button>
      </View>
      <View className='button-row'>
        <Button className='grid-invite' fill='outline' onClick={() => void Taro.navigateTo({ url: PAGES.villageInvites })}>
          邀请网格员
        </Button>
      </View>
      {error && <View className='error-text'>{error}</View>}
      {loading && <View className='muted'>加载中…</View>}
      {!loading && !error && grids.length === 0 && <View className='muted'>本村还没有网格</View>}
      {gridless.length > 0 && (
        <View className='section gridless-workers'>
          <View className='section-title'>没有网格的网格员</View>
          <View className='gridless-names'>{gridless.map((worker) => worker.name).join('、')}</View>
          <View className='muted'>他们看不到任何住户，请在下面的网格中“分配网格员”。</View>
        </View>
      )}
      {grids.map((grid) => (
        <GridCard
          key={grid.id}
          grid={grid}
          workers={workers}
          onSave={(patch) => update(grid.id, patch)}
          leftWithout={(workerIds) => leftWithoutGrid(workers, grids, grid.id, workerIds)}
        />
      ))}
    </View>
  )
}

interface GridCardProps {
  grid: Grid
  workers: ReadonlyArray<VillageWorker>
  onSave: (patch: { name?: string; workerIds?: string[] }) => Promise<string | null>
  /** Who would have no grid left if this grid's workers were `workerIds`. */
  leftWithout: (workerIds: ReadonlyArray<string>) => ReadonlyArray<VillageWorker>
}

type Editing = { kind: 'rename'; name: string } | { kind: 'assign'; workerIds: string[] } | null

function GridCard({ grid, workers, onSave, leftWithout }: GridCardProps) {
  const [editing, setEditing] = useState<Editing>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const save = async (patch: { name?: string; workerIds?: string[] }) => {
    const stranded = patch.workerIds ? leftWithout(patch.workerIds) : []
    if (stranded.length > 0) {
      const { confirm } = await Taro.showModal({ title: '确认保存', content: gridlessWarning(stranded), confirmText: '保存' })
      if (!confirm) return
    }
    const found = patch.name === undefined ? null : (gridNameErrors(patch.name)[0]?.message ?? null)
    const failure = found ?? (await onSave(patch))
    setProblem(failure)
    if (!failure) {
      setEditing(null)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    }
  }

  return (
    <View className='section grid-card'>
      <View className='section-title'>{grid.name}</View>
      <View className='muted grid-workers'>网格员：{grid.workers.length ? grid.workers.map((worker) => worker.name).join('、') : '未分配'}</View>
      {editing?.kind === 'rename' && (
        <View>
          <Input className='grid-rename-input' name='rename' value={editing.name} onChange={(value) => setEditing({ kind: 'rename', name: value })} />
          <Button className='grid-rename-save' type='primary' block onClick={() => void save({ name: editing.name.trim() })}>
            保存名称
          </Button>
        </View>
      )}
      {editing?.kind === 'assign' && (
        <View>
          <PickList
            options={workers.map((worker) => ({ id: worker.id, label: worker.name }))}
            chosen={editing.workerIds}
            onToggle={(id) => setEditing({ kind: 'assign', workerIds: toggled(editing.workerIds, id) })}
            empty='本村还没有网格员，可先用邀请码邀请'
          />
          <Button className='grid-assign-save' type='primary' block onClick={() => void save({ workerIds: editing.workerIds })}>
            保存网格员
          </Button>
        </View>
      )}
      {problem && <View className='error-text'>{problem}</View>}
      <View className='button-row'>
        {editing ? (
          <Button className='grid-cancel' fill='none' onClick={() => setEditing(null)}>
            取消
          </Button>
        ) : (
          <>
            <Button className='grid-households' fill='none' onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.households, { grid: grid.id }) })}>
              查看户
            </Button>
            <Button className='grid-rename' fill='outline' onClick={() => setEditing({ kind: 'rename', name: grid.name })}>
              改名
            </Button>
            <Button className='grid-assign' fill='outline' onClick={() => setEditing({ kind: 'assign', workerIds: grid.workers.map((worker) => worker.id) })}>
              分配网格员
            </Button>
          </>
        )}
      </View>
    </View>
  )
}
