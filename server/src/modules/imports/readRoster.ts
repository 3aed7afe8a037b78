import ExcelJS from 'exceljs'
import { AppError } from '../../errors'
import { ROSTER_SHEET } from './rosterTemplate'
import { REQUIRED_COLUMN, columnOfHeader, headerOf, type RosterColumn } from './rosterColumns'
import { checkZipLimits, MAX_UNZIPPED_BYTES } from './zipLimits'

/** One spreadsheet row as text, by column; `row` is Excel's own row number, as the person sees it. */
export interface RawRosterRow {
  row: number
  cells: Partial<Record<RosterColumn, string>>
}

export interface RawRoster {
  sheet: string
  rows: RawRosterRow[]
  /** Headers that are not roster columns (an ID number column among them): their cells are not read. */
  ignoredColumns: string[]
}

/** The header is looked for in the first rows, so a title line above it is tolerated. */
const HEADER_SEARCH_ROWS = 10
/**
 * Each accepted row is one to three sync mutations, each its own transaction: 1000 rows take about 7 s on
 * SQLite and 19 s on PostgreSQL here, well inside wx.uploadFile's 60 s timeout.
 */
export const MAX_ROSTER_ROWS = 1000

const UNREADABLE = '无法读取该文件，请确认是用 Excel 或 WPS 保存的 .xlsx 文件'

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

/** An .xlsx file is a zip; an old .xls is an OLE compound file. Anything else is not a spreadsheet we read. */
export function assertXlsx(file: Buffer): void {
  if (file.subarray(0, 4).equals(ZIP_SIGNATURE)) return
  if (file.subarray(0, 4).equals(OLE_SIGNATURE)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再上传')
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只支持 Excel .xlsx 文件，请使用导入模板')
}

/**
 * Reads the roster sheet (named 住户名单, else the first sheet) into text rows keyed by column.
 * Headers are matched by their Chinese names, in any order; blank rows are skipped.
 */
export async function readRoster(file: Buffer): Promise<RawRoster> {
  assertXlsx(file)
  const violation = await checkZipLimits(file)
  if (violation === 'not_a_zip') throw invalid(UNREADABLE)
  if (violation) {
    throw new AppError('TOO_LARGE', `文件解压后超过${MAX_UNZIPPED_BYTES / 1024 / 1024}MB，请删除多余的工作表和图片，只保留住户名单后再上传`)
  }
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs declares its own Buffer type, which Node 20's generic Buffer does not match.
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer)
  } catch {
    throw invalid(UNREADABLE)
  }
  const sheet = workbook.getWorksheet(ROSTER_SHEET) ?? workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0]
  if (!sheet) throw invalid('文件中没有工作表')

  const header = findHeader(sheet)
  if (!header) throw invalid(`缺少“${headerOf(REQUIRED_COLUMN)}”列：请使用导入模板，表头行需包含“${headerOf(REQUIRED_COLUMN)}”`)

  const rows: RawRosterRow[] = []
  sheet.eachRow({ includeEmpty: false }, (excelRow, rowNumber) => {
    if (rowNumber <= header.row) return
    const cells: RawRosterRow['cells'] = {}
    for (const [columnNumber, column] of header.columns) {
      const text = cellText(excelRow.getCell(columnNumber))
      if (text !== '') cells[column] = text
    }
    if (Object.keys(cells).length > 0) rows.push({ row: rowNumber, cells })
  })
  if (rows.length === 0) throw invalid('表格中没有可导入的数据行')
  if (rows.length > MAX_ROSTER_ROWS) {
    throw new AppError('TOO_LARGE', `一次最多导入${MAX_ROSTER_ROWS}行，本表有${rows.length}行，请分批导入`)
  }
  return { sheet: sheet.name, rows, ignoredColumns: header.ignored }
}

interface HeaderRow {
  row: number
  columns: Map<number, RosterColumn>
  ignored: string[]
}

function findHeader(sheet: ExcelJS.Worksheet): HeaderRow | null {
  const last = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS)
  for (let rowNumber = 1; rowNumber <= last; rowNumber++) {
    const columns = new Map<number, RosterColumn>()
    const ignored: string[] = []
    const seen = new Set<RosterColumn>()
    sheet.getRow(rowNumber).eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      const text = cellText(cell)
      if (text === '') return
      const column = columnOfHeader(text)
      // A repeated header (two 手机号 columns) reads the first one; the second is reported as ignored.
      if (column && !seen.has(column)) {
        seen.add(column)
        columns.set(columnNumber, column)
      } else {
        ignored.push(text)
      }
    })
    if (seen.has(REQUIRED_COLUMN)) return { row: rowNumber, columns, ignored }
  }
  return null
}

/** A cell as the text a person sees: formulas by their result, rich text joined, numbers without exponent. */
export function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value).trim()
}

function valueText(value: ExcelJS.CellValue): string {
  if (value == null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return valueText((value as ExcelJS.CellFormulaValue).result)
  if ('hyperlink' in value) return String(value.text)
  if ('error' in value) return ''
  return ''
}

function invalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }])
}
