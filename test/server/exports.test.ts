import ExcelJS from 'exceljs'
import type { LightMyRequestResponse } from 'fastify'
import { databases, startServer, type TestServer } from './harness'
import { GRID_A, GRID_B, OTHER_TOWNSHIP_VILLAGE, TOWNSHIP, VILLAGE, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord } from './mutationBuilders'

type Auth = { authorization: string }

const PHONE = '13812345678'
const ID_NUMBER = '11010519491231002X'

async function workbookOf(response: LightMyRequestResponse): Promise<ExcelJS.Workbook> {
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer)
  return workbook
}

/** Every cell of every sheet as text, values of formulas and rich text included. */
function allText(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = []
  workbook.eachSheet((sheet) => sheet.eachRow({ includeEmpty: false }, (row) => row.eachCell((cell) => texts.push(cell.text))))
  return texts
}

function rowValues(sheet: ExcelJS.Worksheet, n: number): string[] {
  const row = sheet.getRow(n)
  return Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).text)
}

/** The filename* parameter of an RFC 6266 Content-Disposition, decoded (RFC 5987). */
function filenameOf(response: LightMyRequestResponse): string {
  const match = /filename\*=UTF-8''([^;]+)/.exec(String(response.headers['content-disposition']))
  return decodeURIComponent(match![1])
}

describe.each(databases())('Excel exports on %s', (dialect) => {
  let server: TestServer
  let official: Auth
  let village: Auth

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    official = await login(server, 'official')
    village = await login(server, 'village')
    const worker = await login(server, 'worker')
    const workerB = await login(server, 'workerB')
    const [first, second] = [uuid(), uuid()]
    const head = uuid()
    expect(
      (
        await push(server, worker, [
          householdUpsert({ id: first, gridId: GRID_A, address: { group: '三组', door: '12' } }),
          memberUpsert({ id: head, householdId: first, name: '王秀兰', isHead: true, phone: PHONE, idNumber: ID_NUMBER, birthYear: 1950, tags: ['elderly_living_alone'] }),
          memberUpsert({ id: uuid(), householdId: first, name: '王小明', relation: '孙子', birthYear: 2012, smartphone: 'no' }),
          memberApp({ memberId: head }),
          visitRecord({ id: uuid(), householdId: first })
        ])
      ).map((result) => result.status)
    ).toEqual(['applied', 'applied', 'applied', 'applied', 'applied'])
    await push(server, workerB, [householdUpsert({ id: second, gridId: GRID_B, address: { group: '五组', door: '3' } })])
  })
  afterAll(() => server.close())

  const get = (auth: Auth, url: string) => server.app.inject({ method: 'GET', url, headers: auth })
  const auditOf = (action: string) => server.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

  test('the household roster: Chinese headers, masked phones, no ID number, a Chinese filename; audited', async () => {
    const response = await get(village, `/api/v1/exports/households.xlsx?village=${VILLAGE}`)
    const workbook = await workbookOf(response)
    expect(filenameOf(response)).toBe('商会社区居委会住户名单.xlsx')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="households-141002001001.xlsx"; /)
    const sheet = workbook.getWorksheet('住户名单')!
    expect(sheet.getCell('A1').text).toContain('村社区：商会社区居委会（141002001001）')
    expect(sheet.getCell('A1').text).toContain('手机号已脱敏，不含身份证号')
    expect(rowValues(sheet, 2)).toEqual([
      '网格', '地址', '户主', '姓名', '性别', '出生年份', '与户主关系', '手机号（已脱敏）', '有无智能手机', '外出地点', '重点人群标签', 'APP状态', '来电预警', '核实方式', '最近走访'
    ])
    expect(rowValues(sheet, 3)).toEqual([
      '第一网格', '三组 12号', '王*兰', '王秀兰', '未知', '1950', '', '138****5678', '有', '', '独居', '已注册', '已开启', '当面核实', '2026-11-14 09:30'
    ])
    expect(rowValues(sheet, 4).slice(0, 9)).toEqual(['第一网格', '三组 12号', '王*兰', '王小明', '未知', '2012', '孙子', '', '无'])
    // A household without members still has its row.
    expect(rowValues(sheet, 5).slice(0, 4)).toEqual(['第二网格', '五组 3号', '', ''])
    expect(sheet.rowCount).toBe(5)

    const text = allText(workbook).join('\n')
    expect(text).not.toContain(PHONE)
    expect(text).not.toContain(ID_NUMBER)
    expect(text).not.toContain(ID_NUMBER.slice(0, 6))
    expect(response.rawPayload.includes(Buffer.from(PHONE))).toBe(false)

    // An official's copy names members as the official's household view does: masked.
    const officials = (await workbookOf(await get(official, `/api/v1/exports/households.xlsx?village=${VILLAGE}`))).getWorksheet('住户名单')!
    expect(rowValues(officials, 3).slice(2, 4)).toEqual(['王*兰', '王*兰'])
    expect(rowValues(officials, 4).slice(2, 4)).toEqual(['王*兰', '王*明'])

    const [audit] = await auditOf('export.households')
    expect(audit).toMatchObject({ actor_id: 'u-village', actor_role: 'village_admin', target: `village/${VILLAGE}`, result: 'success' })
    expect(JSON.parse(audit.details)).toEqual({ households: 2, rows: 3 })
  })

  test('the village summary: a note with region, period and rule set, the dashboard’s figures; audited', async () => {
    await server.app.inject({ method: 'POST', url: '/api/v1/cases', headers: official, payload: { villageCode: VILLAGE, date: '2026-10-08', kind: 'den', fraudType: 'other' } })
    const dashboard = (await get(official, `/api/v1/dashboard/${TOWNSHIP}?period=2026Q4`)).json()
    const response = await get(official, `/api/v1/exports/villages.xlsx?region=${TOWNSHIP}&period=2026Q4`)
    const workbook = await workbookOf(response)
    expect(filenameOf(response)).toBe('解放路街道2026Q4村社区汇总.xlsx')
    const sheet = workbook.getWorksheet('村社区汇总')!
    const note = sheet.getCell('A1').text
    for (const part of ['地区：解放路街道（141002001）', '统计周期：2026Q4', '评分规则：第1版']) expect(note).toContain(part)
    expect(rowValues(sheet, 2)).toEqual(['区划代码', '村社区', '得分', '状态', '反诈APP注册率', '入户宣传覆盖率'])
    const rows = [3, 4].map((n) => sheet.getRow(n).values as unknown[])
    expect(rows.map((values) => values.slice(1))).toEqual(
      dashboard.villages.map((v: { code: string; name: string; points: number; appCoverage: number; visitCoverage: number }) => [
        v.code, v.name, v.points ?? '', expect.any(String), v.appCoverage, v.visitCoverage
      ])
    )
    expect(rowValues(sheet, 3)[3]).toBe('一票否决')
    expect(sheet.getCell('E3').numFmt).toBe('0.0%')
    const [audit] = await auditOf('export.villages')
    expect(audit).toMatchObject({ actor_id: 'u-official', target: `region/${TOWNSHIP}` })
    expect(JSON.parse(audit.details)).toEqual({ period: '2026Q4', ruleSet: `${dashboard.ruleSet.id}@1`, villages: 2 })
  })

  test('outside the scope nothing is exported, and a refused export is not audited as one', async () => {
    const before = (await auditOf('export.households')).length
    expect((await get(official, `/api/v1/exports/households.xlsx?village=${OTHER_TOWNSHIP_VILLAGE}`)).statusCode).toBe(404)
    expect((await get(village, `/api/v1/exports/households.xlsx?village=${OTHER_TOWNSHIP_VILLAGE}`)).statusCode).toBe(404)
    expect((await get(official, '/api/v1/exports/villages.xlsx?region=141002002')).statusCode).toBe(404)
    expect((await get(official, `/api/v1/exports/villages.xlsx?region=${TOWNSHIP}&period=2026Q5`)).json().error.message).toContain('统计周期')
    expect((await get(official, '/api/v1/exports/households.xlsx')).json().error.message).toBe('村社区必须填写')
    expect(await auditOf('export.households')).toHaveLength(before)
  })
})
