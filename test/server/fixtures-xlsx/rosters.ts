import ExcelJS from 'exceljs'

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
