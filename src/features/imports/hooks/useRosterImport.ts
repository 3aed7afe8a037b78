import { useCallback, useEffect, useState } from 'react'
import type { Grid, User } from '@/core/api'
import { errorMessage } from '@/services/api'
import { isCachedGrid, pullGrid } from '@/services/gridCache'
import { fetchGrids } from '@/features/households/api'
import type { ImportReport } from '@/core/imports'
import { chooseRosterFile, downloadTemplate, uploadRoster } from '../platform'
import type { PickedFile } from '../types'

type Busy = 'template' | 'check' | 'import' | null

/**
 * The roster import: grid (a worker's first grid; a village admin picks one of the village's grids),
 * file, dry-run report, then the real import.
 */
export function useRosterImport(user: User | null) {
  const ownGrid = user?.role === 'grid_worker' ? user.scope.gridIds?.[0] ?? '' : ''
  const village = user?.scope.regionCode?.length === 12 ? user.scope.regionCode : ''
  const [gridId, setGridId] = useState(ownGrid)
  const [grids, setGrids] = useState<Grid[]>([])
  const [file, setFile] = useState<PickedFile | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [result, setResult] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<Busy>(null)

  useEffect(() => {
    setGridId(ownGrid)
    if (ownGrid || !village) return
    fetchGrids(village)
      .then((items) => {
        setGrids(items)
        if (items.length === 1) setGridId(items[0].id)
      })
      .catch((e) => setError(errorMessage(e)))
  }, [ownGrid, village])

  const reset = () => {
    setReport(null)
    setResult(null)
    setError(null)
  }

  const selectGrid = useCallback((id: string) => {
    setGridId(id)
    setReport(null)
    setResult(null)
  }, [])

  const pickFile = useCallback((picked: PickedFile | null) => {
    if (!picked) return
    setFile(picked)
    reset()
  }, [])

  const choose = useCallback(async () => pickFile(await chooseRosterFile()), [pickFile])

  const template = useCallback(async () => {
    setBusy('template')
    setError(null)
    try {
      await downloadTemplate()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }, [])

  const run = useCallback(
    async (dryRun: boolean) => {
      if (!gridId) return setError('请先选择网格')
      if (!file) return setError('请先选择文件')
      setBusy(dryRun ? 'check' : 'import')
      setError(null)
      try {
        const answer = await uploadRoster(file, gridId, dryRun)
        if (dryRun) {
          setReport(answer)
          setResult(null)
        } else {
          setResult(answer)
          setReport(answer)
          // The worker's copy of the grid picks the new households up now; the list reads it.
          if (isCachedGrid(gridId)) void pullGrid(gridId).catch(() => undefined)
        }
      } catch (e) {
        setError(errorMessage(e))
      } finally {
        setBusy(null)
      }
    },
    [file, gridId]
  )

  return {
    gridId,
    grids,
    file,
    report,
    result,
    error,
    busy,
    selectGrid,
    pickFile,
    choose,
    template,
    check: () => run(true),
    confirm: () => run(false)
  }
}
