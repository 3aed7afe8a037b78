import { useCallback, useEffect, useState } from 'react'
import type { Grid } from '@/core/api'
import type { GridPatch, VillageWorker } from '@/core/staff'
import { api, errorMessage } from '@/services/api'

/** A village's grids with their workers, and the village's grid workers to assign (API.md "Grids and staff"). */
export function useVillageGrids(villageCode: string | undefined) {
  const [grids, setGrids] = useState<Grid[]>([])
  const [workers, setWorkers] = useState<VillageWorker[]>([])
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)

  const reload = useCallback(async () => {
    if (!villageCode) {
      setError('当前账号没有所属村社区')
      setLoading(false)
      return
    }
    setError(null)
    try {
      const [gridList, workerList] = await Promise.all([
        api.get<{ items: Grid[] }>('/grids', { village: villageCode }),
        api.get<{ items: VillageWorker[] }>(`/regions/${villageCode}/workers`)
      ])
      setGrids(gridList.items)
      setWorkers(workerList.items)
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setLoading(false)
    }
  }, [villageCode])

  useEffect(() => {
    void reload()
  }, [reload])

  /** Creates a grid; resolves to the error message to show, or null when it was created. */
  const create = async (name: string): Promise<string | null> => {
    try {
      const grid = await api.post<Grid>('/grids', { villageCode, name })
      setGrids((current) => [...current, grid])
      return null
    } catch (caught) {
      return errorMessage(caught)
    }
  }

  /** Renames a grid or sets its workers; resolves to the error message to show, or null. */
  const update = async (id: string, patch: GridPatch): Promise<string | null> => {
    try {
      const grid = await api.patch<Grid>(`/grids/${id}`, patch)
      setGrids((current) => current.map((g) => (g.id === id ? grid : g)))
      return null
    } catch (caught) {
      return errorMessage(caught)
    }
  }

  return { grids, workers, error, loading, reload, create, update }
}
