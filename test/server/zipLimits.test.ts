import { checkZipLimits } from '../../server/src/modules/imports/zipLimits'
import { readXlsx, understateEntrySize, withInflatingEntry, xlsxOf } from './fixtures-xlsx/rosters'

const MB = 1024 * 1024
const LIMITS = { bytes: 1 * MB, entries: 50 }
const roster = () => xlsxOf([['姓名', '门牌号'], ['张三', '1']])

describe('checkZipLimits (roster uploads are inflated under a cap before exceljs sees them)', () => {
  it('passes an ordinary workbook', async () => {
    expect(await checkZipLimits(await roster(), LIMITS)).toBeNull()
  })

  it('refuses a workbook that inflates past the cap', async () => {
    const bomb = await withInflatingEntry(await roster(), 2 * MB)
    expect(bomb.length).toBeLessThan(20 * 1024)
    expect(await checkZipLimits(bomb, LIMITS)).toBe('too_large')
  })

  it('stops an entry that inflates past the size it declares, which a declared-size check alone would pass', async () => {
    const bomb = understateEntrySize(await withInflatingEntry(await roster(), 2 * MB, 'xl/media/bomb.bin'), 'xl/media/bomb.bin', 1000)
    // jszip, under exceljs, notices the mismatch only once the whole entry is inflated in memory.
    await expect(readXlsx(bomb)).rejects.toThrow('uncompressed data size mismatch')
    expect(await checkZipLimits(bomb, LIMITS)).toBe('not_a_zip')
  })

  it('refuses a zip of too many entries', async () => {
    expect(await checkZipLimits(await roster(), { bytes: MB, entries: 3 })).toBe('too_many_entries')
  })

  it('calls anything that is not a zip not a zip', async () => {
    expect(await checkZipLimits(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]), LIMITS)).toBe('not_a_zip')
  })
})
