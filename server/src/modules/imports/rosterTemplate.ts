import ExcelJS from 'exceljs'
import { DROPDOWN_CHOICES, ROSTER_COLUMN_ORDER, ROSTER_COLUMNS, headerOf, type RosterColumn } from './rosterColumns'

export const ROSTER_SHEET = '住户名单'
export const HELP_SHEET = '填写说明'
export const TEMPLATE_FILENAME = '住户名单导入模板.xlsx'
/** Rows of the template that carry the drop-down lists (Excel stores one range per column, not per cell). */
const VALIDATED_ROWS = 2000

/** The template's example row: a valid member, so a template imported unchanged imports one household. */
export const EXAMPLE_ROW: Record<RosterColumn, string | number> = {
  group: '三组',
  building: '',
  unit: '',
  door: '12',
  text: '村委会东侧',
  name: '王秀兰',
  relation: '户主',
  gender: '女',
  birthYear: 1958,
  phone: '13800001234',
  smartphone: '有',
  awayPlace: '',
  tags: '独居',
  appStatus: '已注册',
  alertsOn: '是',
  reason: '',
  note: '示例行，导入前请删除'
}

interface SheetDataValidations {
  add(range: string, validation: ExcelJS.DataValidation): void
}

/** The downloadable roster template: the roster sheet with one example row, and a sheet explaining it. */
export async function buildRosterTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '无诈社区'
  const roster = workbook.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] })
  roster.columns = ROSTER_COLUMN_ORDER.map((column) => ({ header: headerOf(column), key: column, width: ROSTER_COLUMNS[column].width }))
  roster.getRow(1).font = { bold: true }
  roster.addRow(EXAMPLE_ROW)
  // Phone numbers and door numbers are text: Excel would otherwise show 1.38E+10 or drop leading zeros.
  for (const column of ['phone', 'door', 'building', 'unit'] as const) roster.getColumn(column).numFmt = '@'

  // exceljs writes worksheet-level validations by range; its typings only expose the per-cell form.
  const validations = (roster as unknown as { dataValidations: SheetDataValidations }).dataValidations
  for (const [column, choices] of Object.entries(DROPDOWN_CHOICES) as Array<[RosterColumn, string[]]>) {
    const letter = roster.getColumn(column).letter
    validations.add(`${letter}2:${letter}${VALIDATED_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${choices.join(',')}"`],
      showErrorMessage: true,
      errorTitle: headerOf(column),
      error: `请从列表中选择：${choices.join('、')}`
    })
  }
  const birthYear = roster.getColumn('birthYear').letter
  validations.add(`${birthYear}2:${birthYear}${VALIDATED_ROWS}`, {
    type: 'whole',
    operator: 'between',
    allowBlank: true,
    formulae: [1900, 2100],
    showErrorMessage: true,
    errorTitle: headerOf('birthYear'),
    error: '请填写四位数年份，如1956'
  })

  const help = workbook.addWorksheet(HELP_SHEET)
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '说明', key: 'help', width: 90 }
  ]
  help.getRow(1).font = { bold: true }
  for (const column of ROSTER_COLUMN_ORDER) help.addRow({ header: headerOf(column), help: ROSTER_COLUMNS[column].help })
  help.addRow({})
  for (const line of GENERAL_NOTES) help.addRow({ header: line.title, help: line.text })
  help.getColumn('help').alignment = { wrapText: true, vertical: 'top' }

  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const GENERAL_NOTES = [
  { title: '一行一人', text: '“住户名单”表每行填写一位成员。表头请勿修改；列的顺序可以调整，用不到的选填列可以删除，“姓名”列必须保留。' },
  {
    title: '同一地址为一户',
    text: '组/小区、楼栋、单元、门牌号、详细地址五项相同的行合为一户（忽略空格，“5”与“5栋”视为相同）。“与户主关系”填“户主”的一行为该户户主。'
  },
  { title: '不收集身份证号', text: '导入不收集身份证号，表中如有身份证号列将被忽略。请勿在备注等栏填写身份证号。' },
  {
    title: '重复检查',
    text: '同一地址下姓名相同、或手机号相同的行视为重复：与表中前面的行重复，或与本村（社区）已登记的成员重复的行不导入，并在检查结果中注明。'
  },
  { title: '先检查后导入', text: '上传后系统先逐行检查并列出错误（第几行、哪一列），确认无误后再正式导入。有错误的行不导入，改正后可重新上传。' },
  { title: 'APP状态', text: '从名单导入的APP状态记为“本人申报”，之后可由网格员当面核实或由居民截图认证提升。' },
  { title: '示例行', text: '“住户名单”表第2行是示例，导入前请删除或改为真实信息。' }
]
