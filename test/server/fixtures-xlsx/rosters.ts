import ExcelJS from 'exceljs'
import JSZip from 'jszip'

export type SheetCell = string | number | null

/**
 * Roster spreadsheets for the import tests, written with exceljs at test time rather than checked in
 * as binaries: `rows[0]` is whatever header row the test wants (order, spacing, missing columns).
 */
export async function xlsxOf(rows: SheetCell[][], sheetName = '住户名单'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  for (const row of rows) sheet.addRow(row.map((cell) => cell ?? undefined))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export async function readXlsx(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(file as unknown as ExcelJS.Buffer)
  return workbook
}

/** A multipart/form-data body with one file part, as wx.uploadFile and browsers send it. */
export function multipartBody(file: Buffer, options: { field?: string; filename?: string; contentType?: string } = {}) {
  const boundary = '----wuzha-test-boundary-7f3a9c'
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'roster.xlsx'}"\r\n` +
    `Content-Type: ${options.contentType ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}\r\n\r\n`
  const payload = Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** The workbook with one more entry of `bytes` zeros: it deflates to about a thousandth of that. */
export async function withInflatingEntry(xlsx: Buffer, bytes: number, name = 'xl/media/padding.bin'): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx)
  zip.file(name, Buffer.alloc(bytes))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50

/**
 * Makes an entry declare a smaller uncompressed size than it inflates to, in its local header and its
 * central directory record, as a zip bomb written to slip past declared-size checks does.
 */
export function understateEntrySize(zip: Buffer, name: string, declared: number): Buffer {
  const patched = Buffer.from(zip)
  const target = Buffer.from(name)
  let rewritten = 0
  for (let at = 0; at + 46 < patched.length; at++) {
    const signature = patched.readUInt32LE(at)
    const layout = signature === LOCAL_HEADER ? { size: 22, nameLength: 26, name: 30 } : signature === CENTRAL_HEADER ? { size: 24, nameLength: 28, name: 46 } : null
    if (!layout) continue
    const nameLength = patched.readUInt16LE(at + layout.nameLength)
    if (!patched.subarray(at + layout.name, at + layout.name + nameLength).equals(target)) continue
    patched.writeUInt32LE(declared, at + layout.size)
    rewritten++
  }
  if (rewritten !== 2) throw new Error(`expected a local and a central header for ${name}, patched ${rewritten}`)
  return patched
}
