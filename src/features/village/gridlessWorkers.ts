import type { Grid } from '@/core/api'
import type { VillageWorker } from '@/core/staff'

/**
 * The village's grid workers in no grid: they see no household at all. Read from the grids as they
 * stand (each grid names its workers), since a worker's own list of grids is as old as the page.
 */
export function gridlessWorkers(workers: ReadonlyArray<VillageWorker>, grids: ReadonlyArray<Pick<Grid, 'id' | 'workers'>>): VillageWorker[] {
  const assigned = new Set(grids.flatMap((grid) => grid.workers.map((worker) => worker.id)))
  return workers.filter((worker) => !assigned.has(worker.id))
}

/** The workers who have a grid now and would have none once grid `gridId` is looked after by `workerIds`. */
export function leftWithoutGrid(
  workers: ReadonlyArray<VillageWorker>,
  grids: ReadonlyArray<Pick<Grid, 'id' | 'workers'>>,
  gridId: string,
  workerIds: ReadonlyArray<string>
): VillageWorker[] {
  const before = new Set(gridlessWorkers(workers, grids).map((worker) => worker.id))
  const after = grids.map((grid) => (grid.id === gridId ? { ...grid, workers: workers.filter((worker) => workerIds.includes(worker.id)) } : grid))
  return gridlessWorkers(workers, after).filter((worker) => !before.has(worker.id))
}

/** What to ask before saving an assignment that leaves `workers` with no grid. */
export function gridlessWarning(workers: ReadonlyArray<Pick<VillageWorker, 'name'>>): string {
  return `${workers.map((worker) => worker.name).join('、')}将没有负责的网格，看不到任何住户。确定保存？`
}
