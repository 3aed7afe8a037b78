import { budgetKb, measureWeapp } from '../../bench/size'
import { DIST } from './harness'

/**
 * The package budgets of issue #10, checked on every `npm test` (which builds the weapp first): the main
 * package at most 800 KB and each subpackage at most 400 KB, as bench/size.ts measures them (file sizes
 * on disk, licence files included, since they are uploaded unless ignored).
 */
test('every package of the compiled mini-program is within its budget', () => {
  const measured = measureWeapp(DIST)
  expect(measured).not.toBeNull()
  const packages = measured!.packages
  expect(packages.map((pkg) => pkg.root)).toContain('/')
  expect(packages.length).toBeGreaterThan(1)
  const over = packages
    .filter((pkg) => pkg.bytes / 1024 > budgetKb(pkg))
    .map((pkg) => `${pkg.name}: ${(pkg.bytes / 1024).toFixed(1)} KB of ${budgetKb(pkg)} KB`)
  expect(over).toEqual([])
})
