import { gridlessWarning, gridlessWorkers, leftWithoutGrid } from '@/features/village/gridlessWorkers'

const workers = [
  { id: 'w-liu', name: '刘海军', gridIds: ['g-1'] },
  { id: 'w-zhao', name: '赵丽', gridIds: ['g-1', 'g-2'] },
  { id: 'w-sun', name: '孙丽', gridIds: [] }
]
const ref = (id: string) => ({ id, name: workers.find((worker) => worker.id === id)!.name })
const grids = [
  { id: 'g-1', workers: [ref('w-liu'), ref('w-zhao')] },
  { id: 'g-2', workers: [ref('w-zhao')] }
]

test('a worker in no grid is listed, whatever their own (possibly old) list of grids says', () => {
  expect(gridlessWorkers(workers, grids).map((worker) => worker.name)).toEqual(['孙丽'])
  expect(gridlessWorkers([{ ...workers[0], gridIds: [] }], grids)).toEqual([])
  expect(gridlessWorkers(workers, []).map((worker) => worker.name)).toEqual(['刘海军', '赵丽', '孙丽'])
})

test('an assignment warns about the workers it takes the last grid from, and only those', () => {
  // 刘海军 loses his only grid; 赵丽 keeps 第二网格; 孙丽 had none before.
  expect(leftWithoutGrid(workers, grids, 'g-1', []).map((worker) => worker.name)).toEqual(['刘海军'])
  expect(leftWithoutGrid(workers, grids, 'g-1', ['w-liu'])).toEqual([])
  expect(leftWithoutGrid(workers, grids, 'g-2', []).map((worker) => worker.name)).toEqual([])
  expect(leftWithoutGrid(workers, grids, 'g-2', ['w-sun'])).toEqual([])
  // Moving 刘海军 away from 第一网格 to 第二网格 is not leaving him without one.
  expect(leftWithoutGrid(workers, [grids[0], { id: 'g-2', workers: [ref('w-zhao'), ref('w-liu')] }], 'g-1', ['w-zhao'])).toEqual([])
  expect(leftWithoutGrid(workers, [{ id: 'g-1', workers: [ref('w-liu')] }, { id: 'g-2', workers: [ref('w-zhao')] }], 'g-2', [])[0].name).toBe('赵丽')
})

test('the warning names each of them', () => {
  expect(gridlessWarning([{ name: '刘海军' }])).toBe('刘海军将没有负责的网格，看不到任何住户。确定保存？')
  expect(gridlessWarning([{ name: '刘海军' }, { name: '赵丽' }])).toBe('刘海军、赵丽将没有负责的网格，看不到任何住户。确定保存？')
})
