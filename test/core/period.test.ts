import fc from 'fast-check'
import { currentQuarter, parsePeriod, periodInstants, quarterPeriod, yearInChina } from '../../src/core/period'

const NOW = new Date('2026-11-05T04:00:00Z')

describe('parsePeriod', () => {
  it('reads quarters with their first and last day', () => {
    expect(parsePeriod('2026Q1', NOW)).toEqual({ label: '2026Q1', start: '2026-01-01', end: '2026-03-31' })
    expect(parsePeriod('2026Q2', NOW)).toEqual({ label: '2026Q2', start: '2026-04-01', end: '2026-06-30' })
    expect(parsePeriod('2026Q3', NOW)).toEqual({ label: '2026Q3', start: '2026-07-01', end: '2026-09-30' })
    expect(parsePeriod('2026Q4', NOW)).toEqual({ label: '2026Q4', start: '2026-10-01', end: '2026-12-31' })
  })

  it('reads date ranges, inclusive, including leap days', () => {
    expect(parsePeriod('2026-02-01..2026-02-28', NOW)).toEqual({
      label: '2026-02-01..2026-02-28',
      start: '2026-02-01',
      end: '2026-02-28'
    })
    expect(parsePeriod('2024-02-29..2024-03-01', NOW)?.start).toBe('2024-02-29')
    expect(parsePeriod('2026-05-03..2026-05-03', NOW)?.end).toBe('2026-05-03')
  })

  it('refuses what is not a period', () => {
    for (const value of [
      '2026Q0',
      '2026Q5',
      '2026q1',
      '26Q1',
      '2026-02-30..2026-03-01',
      '2023-02-29..2023-03-01',
      '2026-13-01..2026-12-31',
      '2026-03-02..2026-03-01',
      '2026-03-01...2026-03-02',
      '2026-03-01',
      'last quarter'
    ]) {
      expect([value, parsePeriod(value, NOW)]).toEqual([value, null])
    }
  })

  it('defaults to the current quarter in China time', () => {
    expect(parsePeriod(undefined, NOW)?.label).toBe('2026Q4')
    expect(parsePeriod('', NOW)?.label).toBe('2026Q4')
    // 2026-12-31 17:00 UTC is 2027-01-01 01:00 in Beijing.
    expect(parsePeriod(undefined, new Date('2026-12-31T17:00:00Z'))?.label).toBe('2027Q1')
    expect(parsePeriod(undefined, new Date('2026-12-31T15:59:59Z'))?.label).toBe('2026Q4')
    expect(currentQuarter(new Date('2026-03-31T16:00:00Z')).label).toBe('2026Q2')
    expect(currentQuarter(new Date('2026-03-31T15:59:59.999Z')).label).toBe('2026Q1')
  })
})

describe('periodInstants', () => {
  it('runs from midnight of the first day to midnight after the last day, Beijing time', () => {
    expect(periodInstants(quarterPeriod(2026, 4))).toEqual({
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z'
    })
    expect(periodInstants({ label: 'x', start: '2024-02-29', end: '2024-02-29' })).toEqual({
      from: '2024-02-28T16:00:00.000Z',
      to: '2024-02-29T16:00:00.000Z'
    })
  })

  it('the current quarter contains now, and consecutive quarters meet without gap or overlap', () => {
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    fc.assert(
      fc.property(instant, (now) => {
        const quarter = currentQuarter(now)
        const { from, to } = periodInstants(quarter)
        expect(from <= now.toISOString() && now.toISOString() < to).toBe(true)
        const [year, q] = quarter.label.split('Q').map(Number)
        const next = q === 4 ? quarterPeriod(year + 1, 1) : quarterPeriod(year, q + 1)
        expect(periodInstants(next).from).toBe(to)
        expect(yearInChina(now)).toBe(Number(quarter.start.slice(0, 4)))
      }),
      { numRuns: 500 }
    )
  })
})
