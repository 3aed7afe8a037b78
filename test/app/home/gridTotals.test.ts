import { gridTotals } from '@/features/home/gridTotals'

test('the home screen’s figures are the sums over the grid’s households', () => {
  expect(gridTotals([])).toEqual({ households: 0, eligible: 0, registered: 0 })
  expect(gridTotals([{ eligible: 2, registered: 1 }, { eligible: 0, registered: 0 }, { eligible: 3, registered: 3 }])).toEqual({ households: 3, eligible: 5, registered: 4 })
})
