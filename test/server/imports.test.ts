import type { HouseholdDetail, HouseholdSummary } from '../../src/core/api'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_B, GRID_OTHER_TOWNSHIP, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberUpsert, push } from './mutationBuilders'
import { multipartBody, readXlsx, withInflatingEntry, xlsxOf, type SheetCell } from './fixtures-xlsx/rosters'
import { MAX_ROSTER_BYTES } from '../../server/src/modules/imports/schemas'

type Auth = { authorization: string }

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const TEMPLATE_HEADERS = [
  '组/小区',
  '楼栋',
  '单元',
  '门牌号',
  '详细地址',
  '姓名',
  '与户主关系',
  '性别',
  '出生年份',
  '手机号',
  '有无智能手机',
  '外出地点',
  '重点人群',
  '反诈APP状态',
  '来电预警',
  '拒绝原因',
  '备注'
]

/** Registered before any import: 三组8号 in grid A, head 李大山 with a phone. */
const REGISTERED = { household: uuid(), member: uuid(), phone: '13900008888' }

/**
 * A roster as a village keeps it: its own column order, spaces in headers, no 楼栋/单元/详细地址/外出地点
 * columns, and an ID number column the import must ignore.
 */
const ROSTER: SheetCell[][] = [
  [' 姓名 ', '组/小区', '门牌号', '与户主关系', '性别', '出生年份', '手机号', '有无智能手机', '重点人群', '反诈APP状态', '来电预警', '拒绝原因', '身份证号', '备注'],
  /* 2 */ ['张建国', '五组', '1', '户主', '男', 1962, '13811112222', '有', null, '已注册', '是', null, '11010519491231002X', null],
  /* 3 */ ['刘秀芝', ' 五组', '1号', '配偶', '女', '1965年', null, '有', null, '已安装未注册', '否', null, null, null],
  /* 4 */ ['张小明', '五组', '1', '儿子', '男', 2005, '138 1111 3333', '有', '学生', '未安装', null, null, null, null],
  /* 5 */ ['王芳', '五组', '2', '户主', '女', 1980, '1381111', '有', null, null, null, null, null, null],
  /* 6 */ ['赵强', '五组', '3', '户主', '男', 1890, null, '无', null, null, null, null, null, null],
  /* 7 */ [null, '五组', '4', '户主', '男', 1970, null, '有', null, null, null, null, null, null],
  /* 8 */ ['张小明', '五组', '1', '儿子', '男', 2005, null, '有', null, null, null, null, null, null],
  /* 9 */ ['孙丽', '六组', '9', '户主', '女', 1990, '13811112222', '有', null, null, null, null, null, null],
  /* 10 */ ['李大山', '三组', '8号', '户主', '男', 1975, null, '有', null, null, null, null, null, null],
  /* 11 */ ['周婷', '七组', '3', '户主', '女', 1988, '+86 139 0000 8888', '有', null, null, null, null, null, null],
  /* 12 */ ['吴刚', '七组', '5', '户主', '男', 1950, null, '有', null, '拒绝安装', null, null, null, null],
  /* 13 */ ['郑洁', '八组', '1', '户主', 'F', 1985, null, '有', '退休', null, null, null, null, null],
  /* 14 */ ['张大伟', '五组', '1', '户主', '男', 1960, null, '有', null, null, null, null, null, null],
  /* 15 */ ['李小红', '三组', '8', '女儿', '女', 2010, null, '无', null, null, null, null, null, null],
  /* 16 */ ['陈明', '六组', '10', '户主', '男', 1945, 13811114444, '无', '独居、60岁以上', null, null, null, null, '腿脚不便'],
  /* 17 */ ['孔亮', '九组', '2', '户主', '男', 1980, null, '有', null, null, '是', null, null, null]
]

describe.each(databases())('household roster import on %s', (dialect: TestDialect) => {
  let server: TestServer
  const auth: Record<'worker' | 'workerB' | 'village' | 'official', Auth> = {} as never

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['worker', 'workerB', 'village', 'official'] as const) auth[who] = await login(server, who)
    const results = await push(server, auth.worker, [
      householdUpsert({ id: REGISTERED.household, gridId: GRID_A, address: { group: '三组', door: '8' } }),
      memberUpsert({ id: REGISTERED.member, householdId: REGISTERED.household, name: '李大山', phone: REGISTERED.phone, isHead: true })
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
  })
  afterAll(() => server.close())

  function upload(who: Auth, query: string, file: Buffer, options: { raw?: boolean; contentType?: string } = {}) {
    const body = options.raw ? { payload: file, headers: { 'content-type': options.contentType ?? XLSX } } : multipartBody(file)
    return server.app.inject({ method: 'POST', url: `/api/v1/imports/households?${query}`, headers: { ...who, ...body.headers }, payload: body.payload })
  }

  async function tableCounts() {
    const db = server.database.db
    const count = async (table: 'households' | 'members' | 'mutations' | 'change_log') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return { households: await count('households'), members: await count('members'), mutations: await count('mutations'), changes: await count('change_log') }
  }

  async function listGrid(who: Auth, grid: string): Promise<HouseholdSummary[]> {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households?grid=${grid}`, headers: who })
    expect(response.statusCode).toBe(200)
    return response.json().items
  }

  async function detail(who: Auth, id: string): Promise<HouseholdDetail> {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: who })
    expect(response.statusCode).toBe(200)
    return response.json()
  }

  describe('template', () => {
    it('downloads as an .xlsx with a Chinese file name, headers, drop-downs and instructions', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/v1/imports/households/template.xlsx', headers: auth.worker })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe(XLSX)
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="household-roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('住户名单导入模板.xlsx')}`
      )
      const workbook = await readXlsx(response.rawPayload)
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['住户名单', '填写说明'])
      const roster = workbook.getWorksheet('住户名单')!
      expect((roster.getRow(1).values as unknown[]).slice(1)).toEqual(TEMPLATE_HEADERS)
      expect(roster.rowCount).toBe(2)
      const statusColumn = TEMPLATE_HEADERS.indexOf('反诈APP状态') + 1
      expect(roster.getCell(5, statusColumn).dataValidation).toMatchObject({ type: 'list', formulae: ['"未安装,已安装未注册,已注册,拒绝安装"'] })
      const help = workbook.getWorksheet('填写说明')!
      const helpText = help.getSheetValues().flat().filter((value) => typeof value === 'string').join('\n')
      for (const header of TEMPLATE_HEADERS) expect(helpText).toContain(header)
      expect(helpText).toContain('不收集身份证号')
      expect(helpText).toContain('合为一户')
    })

    it('re-imports cleanly: its example row is one valid household', async () => {
      const template = (await server.app.inject({ method: 'GET', url: '/api/v1/imports/households/template.xlsx', headers: auth.village })).rawPayload
      const response = await upload(auth.village, `grid=${GRID_B}&dryRun=true`, template)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        dryRun: true,
        sheet: '住户名单',
        ignoredColumns: [],
        households: { new: 1, existing: 0 },
        members: { accepted: 1, rejected: 0, duplicates: 0 },
        rows: [{ row: 2, status: 'accepted', householdKey: '三组 12号 村委会东侧' }]
      })
    })

    it('is for grid workers and village admins only', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/v1/imports/households/template.xlsx', headers: auth.official })
      expect(response.statusCode).toBe(403)
    })
  })

  describe('a village roster', () => {
    const EXPECTED_ROWS = [
      { row: 2, status: 'accepted', householdKey: '五组 1号' },
      { row: 3, status: 'accepted', householdKey: '五组 1号' },
      { row: 4, status: 'accepted', householdKey: '五组 1号' },
      { row: 5, status: 'error', householdKey: '五组 2号', errors: [{ column: '手机号', message: '手机号格式不正确，应为11位手机号' }] },
      { row: 6, status: 'error', householdKey: '五组 3号', errors: [{ column: '出生年份', message: '出生年份不能早于1900年' }] },
      { row: 7, status: 'error', householdKey: '五组 4号', errors: [{ column: '姓名', message: '姓名不能为空' }] },
      { row: 8, status: 'duplicate', householdKey: '五组 1号', duplicateOf: { reason: 'file_address_name', row: 4 } },
      { row: 9, status: 'duplicate', householdKey: '六组 9号', duplicateOf: { reason: 'file_phone', row: 2 } },
      {
        row: 10,
        status: 'duplicate',
        householdKey: '三组 8号',
        duplicateOf: { reason: 'existing_address_name', householdId: REGISTERED.household, memberId: REGISTERED.member }
      },
      {
        row: 11,
        status: 'duplicate',
        householdKey: '七组 3号',
        duplicateOf: { reason: 'existing_phone', householdId: REGISTERED.household, memberId: REGISTERED.member }
      },
      { row: 12, status: 'error', householdKey: '七组 5号', errors: [{ column: '拒绝原因', message: '原因必须填写（拒绝安装时需说明）' }] },
      {
        row: 13,
        status: 'error',
        householdKey: '八组 1号',
        errors: [
          { column: '性别', message: '性别应为男、女、未知之一' },
          { column: '重点人群', message: '重点人群“退休”无法识别，可填：独居、学生、外出务工、财会人员、残障、其他' }
        ]
      },
      { row: 14, status: 'error', householdKey: '五组 1号', errors: [{ column: '与户主关系', message: '同一户只能有一位户主（第2行已填户主）' }] },
      { row: 15, status: 'accepted', householdKey: '三组 8号', householdId: REGISTERED.household },
      { row: 16, status: 'accepted', householdKey: '六组 10号' },
      { row: 17, status: 'error', householdKey: '九组 2号', errors: [{ column: '来电预警', message: '填写来电预警时需同时填写反诈APP状态' }] }
    ]

    it('dry run: reports every row by Excel row and Chinese column, and writes nothing', async () => {
      const before = await tableCounts()
      const response = await upload(auth.worker, `grid=${GRID_A}&dryRun=true`, await xlsxOf(ROSTER))
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        dryRun: true,
        sheet: '住户名单',
        ignoredColumns: ['身份证号'],
        households: { new: 2, existing: 1 },
        members: { accepted: 5, rejected: 7, duplicates: 4 },
        rows: EXPECTED_ROWS
      })
      expect(await tableCounts()).toEqual(before)
    })

    it('dryRun defaults to true, and the raw .xlsx body works like multipart', async () => {
      const before = await tableCounts()
      const response = await upload(auth.worker, `grid=${GRID_A}`, await xlsxOf(ROSTER), { raw: true })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ dryRun: true, rows: EXPECTED_ROWS })
      expect(await tableCounts()).toEqual(before)
    })

    it('import: writes the accepted rows through the sync path, phones encrypted', async () => {
      const before = await tableCounts()
      const response = await upload(auth.worker, `grid=${GRID_A}&dryRun=false`, await xlsxOf(ROSTER))
      expect(response.statusCode).toBe(200)
      const report = response.json()
      expect(report).toMatchObject({ dryRun: false, households: { new: 2, existing: 1 }, members: { accepted: 5, rejected: 7, duplicates: 4 } })
      // 2 households, 5 members, 3 app statuses; one sync push as the worker.
      expect(report.mutations).toMatchObject({ applied: 10, duplicate: 0, rejected: 0 })
      expect(report.mutations.results).toHaveLength(10)
      const accepted = report.rows.filter((row: { status: string }) => row.status === 'accepted')
      expect(accepted.map((row: { row: number }) => row.row)).toEqual([2, 3, 4, 15, 16])
      for (const row of accepted) expect(row).toEqual(expect.objectContaining({ householdId: expect.any(String), memberId: expect.any(String) }))
      expect(report.rows.filter((row: { status: string }) => row.status !== 'accepted')).toEqual(EXPECTED_ROWS.filter((row) => row.status !== 'accepted'))

      const after = await tableCounts()
      expect(after.households - before.households).toBe(2)
      expect(after.members - before.members).toBe(5)
      expect(after.mutations - before.mutations).toBe(10)
      expect(after.changes).toBeGreaterThan(before.changes)

      const items = await listGrid(auth.worker, GRID_A)
      const byAddress = new Map(items.map((item) => [item.addressText, item]))
      expect([...byAddress.keys()].sort()).toEqual(['三组 8号', '五组 1号', '六组 10号'].sort())
      expect(byAddress.get('五组 1号')).toMatchObject({ memberCount: 3, headNameMasked: '张*国', registered: 1 })
      expect(byAddress.get('三组 8号')).toMatchObject({ id: REGISTERED.household, memberCount: 2, headNameMasked: '李*山' })

      const zhang = await detail(auth.worker, byAddress.get('五组 1号')!.id)
      expect(zhang.address).toEqual({ group: '五组', door: '1' })
      // Imported in one push under one clock, the members share a creation time: order them by age.
      zhang.members.sort((a, b) => a.birthYear! - b.birthYear!)
      expect(zhang.members.map((m) => [m.name, m.relation, m.isHead, m.gender, m.birthYear, m.phoneMasked, m.smartphone, m.tags])).toEqual([
        ['张建国', '户主', true, 'male', 1962, '138****2222', 'yes', []],
        ['刘秀芝', '配偶', false, 'female', 1965, null, 'yes', []],
        ['张小明', '儿子', false, 'male', 2005, '138****3333', 'yes', ['student']]
      ])
      expect(zhang.members.map((m) => m.app && [m.app.status, m.app.alertsOn, m.app.evidence])).toEqual([
        ['registered', true, 'self_declared'],
        ['installed_unregistered', false, 'self_declared'],
        ['not_installed', false, 'self_declared']
      ])
      const chen = await detail(auth.worker, byAddress.get('六组 10号')!.id)
      expect(chen).toMatchObject({ note: '腿脚不便', members: [{ name: '陈明', tags: ['elderly_living_alone'], smartphone: 'no', app: null }] })

      const stored = await server.database.db.selectFrom('members').select(['name', 'phone_enc', 'phone_hash', 'id_number_enc']).execute()
      const zhangRow = stored.find((row) => row.name === '张建国')!
      expect(zhangRow.phone_enc).toBeTruthy()
      expect(zhangRow.phone_hash).toMatch(/^[0-9a-f]{64}$/)
      const phones = ['13811112222', '13811113333', '13811114444', REGISTERED.phone]
      for (const row of stored) {
        for (const phone of phones) expect(JSON.stringify(row)).not.toContain(phone)
        expect(row.id_number_enc).toBeNull()
      }
    })

    it('importing the same file again finds every person as a duplicate and writes nothing', async () => {
      const before = await tableCounts()
      const response = await upload(auth.worker, `grid=${GRID_A}&dryRun=false`, await xlsxOf(ROSTER))
      expect(response.statusCode).toBe(200)
      const report = response.json()
      expect(report.members).toEqual({ accepted: 0, rejected: 7, duplicates: 9 })
      expect(report.households).toEqual({ new: 0, existing: 0 })
      expect(report.mutations).toEqual({ applied: 0, duplicate: 0, rejected: 0, results: [] })
      const reasons = Object.fromEntries(
        report.rows.filter((row: { status: string }) => row.status === 'duplicate').map((row: { row: number; duplicateOf: { reason: string } }) => [row.row, row.duplicateOf.reason])
      )
      expect(reasons).toEqual({
        2: 'existing_address_name',
        3: 'existing_address_name',
        4: 'existing_address_name',
        8: 'existing_address_name',
        9: 'existing_phone',
        10: 'existing_address_name',
        11: 'existing_phone',
        15: 'existing_address_name',
        16: 'existing_address_name'
      })
      expect(await tableCounts()).toEqual(before)
    })

    it('two imports of one file at once (a double tap) write its people once', async () => {
      const file = await xlsxOf([
        ['姓名', '组/小区', '门牌号', '与户主关系', '手机号'],
        ['冯雪', '十一组', '1', '户主', '13811115555'],
        ['冯雨', '十一组', '1', '女儿', null]
      ])
      const reports = (await Promise.all([upload(auth.worker, `grid=${GRID_A}&dryRun=false`, file), upload(auth.village, `grid=${GRID_A}&dryRun=false`, file)])).map(
        (response) => response.json()
      )
      expect(reports.map((report) => report.members.accepted).sort()).toEqual([0, 2])
      expect(reports.map((report) => report.members.duplicates).sort()).toEqual([0, 2])
      expect((await listGrid(auth.worker, GRID_A)).filter((item) => item.addressText === '十一组 1号')).toHaveLength(1)
    })

    it('refuses a new household at an address registered in another grid of the village', async () => {
      const response = await upload(auth.village, `grid=${GRID_B}&dryRun=true`, await xlsxOf([['姓名', '组/小区', '门牌号'], ['钱多多', '五组', '1']]))
      expect(response.statusCode).toBe(200)
      expect(response.json().rows).toEqual([
        { row: 2, status: 'error', householdKey: '五组 1号', errors: [{ column: '详细地址', message: '该地址的住户已登记在本村其他网格，请在该网格中添加成员' }] }
      ])
    })

    it('a grid worker’s check never confirms that a phone is registered in another grid; the village admin’s does', async () => {
      const file = await xlsxOf([['姓名', '手机号', '组/小区'], ['路人甲', '13811112222', '九组']])
      const worker = await upload(auth.workerB, `grid=${GRID_B}&dryRun=true`, file)
      expect(worker.json().rows).toEqual([{ row: 2, status: 'accepted', householdKey: '九组' }])
      const admin = await upload(auth.village, `grid=${GRID_B}&dryRun=true`, file)
      expect(admin.json().rows).toEqual([
        { row: 2, status: 'duplicate', householdKey: '九组', duplicateOf: { reason: 'existing_phone', householdId: expect.any(String), memberId: expect.any(String) } }
      ])
    })
  })

  it('is described in the OpenAPI document, report shape included', async () => {
    const document = (await server.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/imports/households', '/api/v1/imports/households/template.xlsx']))
    const post = document.paths['/api/v1/imports/households'].post
    expect(post.description).toContain('self_declared')
    expect(Object.keys(post.responses['200'].content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['dryRun', 'households', 'members', 'rows', 'mutations'])
    )
  })

  it('refuses a phone or ID number in 备注, 地址 or 外出地点 and a future 出生年份, naming the column', async () => {
    const file = await xlsxOf([
      ['姓名', '组/小区', '门牌号', '地址', '出生年份', '外出地点', '备注'],
      ['韩梅', '十二组', '1', null, 2090, null, '女儿电话13812345678'],
      ['李雷', '十二组', '2', '身份证 110105 19491231 002X', '2027年', null, null],
      ['\u200b', '十二组', '3', null, 1980, '太原 139-1234-5678', null],
      ['韩磊', '十二组', '4', '村东头', 2026, '太原', '邮编041000，2026年搬来']
    ])
    const response = await upload(auth.worker, `grid=${GRID_A}&dryRun=true`, file)
    expect(response.statusCode).toBe(200)
    const rows = response.json().rows
    expect(rows.map((row: { row: number; status: string; errors?: unknown }) => [row.row, row.status, row.errors])).toEqual([
      [
        2,
        'error',
        [
          { column: '出生年份', message: '出生年份不能晚于2026年' },
          { column: '备注', message: '备注不能包含手机号或身份证号' }
        ]
      ],
      [
        3,
        'error',
        [
          { column: '详细地址', message: '详细地址不能包含手机号或身份证号' },
          { column: '出生年份', message: '出生年份不能晚于2026年' }
        ]
      ],
      [
        4,
        'error',
        [
          { column: '姓名', message: '姓名不能只有不可见字符' },
          { column: '外出地点', message: '外出地点不能包含手机号或身份证号' }
        ]
      ],
      [5, 'accepted', undefined]
    ])
  })

  describe('refusals', () => {
    it('a grid outside the scope, or unknown, answers 404', async () => {
      const file = await xlsxOf(ROSTER)
      expect((await upload(auth.worker, `grid=${GRID_B}&dryRun=true`, file)).statusCode).toBe(404)
      expect((await upload(auth.village, `grid=${GRID_OTHER_TOWNSHIP}&dryRun=true`, file)).statusCode).toBe(404)
      const unknown = await upload(auth.village, `grid=${uuid()}&dryRun=false`, file)
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json().error.code).toBe('NOT_FOUND')
    })

    it('officials may not import (403)', async () => {
      const response = await upload(auth.official, `grid=${GRID_A}&dryRun=true`, await xlsxOf(ROSTER))
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('FORBIDDEN')
    })

    it('anything but an .xlsx answers 415', async () => {
      const csv = Buffer.from('姓名,手机号\n张三,13800001111\n')
      const raw = await upload(auth.worker, `grid=${GRID_A}`, csv, { raw: true, contentType: 'text/csv' })
      expect(raw.statusCode).toBe(415)
      expect(raw.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '只支持上传 Excel .xlsx 文件' })
      const multipart = await upload(auth.worker, `grid=${GRID_A}`, csv)
      expect(multipart.statusCode).toBe(415)
      expect(multipart.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
      const json = await server.app.inject({ method: 'POST', url: `/api/v1/imports/households?grid=${GRID_A}`, headers: auth.worker, payload: { rows: [] } })
      expect(json.statusCode).toBe(415)
      const xls = await upload(auth.worker, `grid=${GRID_A}`, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]))
      expect(xls.statusCode).toBe(415)
      expect(xls.json().error.message).toContain('.xlsx')
    })

    it('a file over 5 MB answers 413', async () => {
      const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(5 * 1024 * 1024)])
      const multipart = await upload(auth.worker, `grid=${GRID_A}`, big)
      expect(multipart.statusCode).toBe(413)
      expect(multipart.json().error.code).toBe('TOO_LARGE')
      const raw = await upload(auth.worker, `grid=${GRID_A}`, big, { raw: true })
      expect(raw.statusCode).toBe(413)
      expect(raw.json().error.code).toBe('TOO_LARGE')
    })

    it('the 5 MB limit applies to the file, not the app’s 2 MB JSON body limit', async () => {
      // 3 MB of a zip that is not a workbook: past the size check, then refused as unreadable.
      const midsize = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(3 * 1024 * 1024)])
      for (const raw of [false, true]) {
        const response = await upload(auth.worker, `grid=${GRID_A}`, midsize, { raw })
        expect(response.statusCode).toBe(400)
        expect(response.json().error.message).toContain('无法读取该文件')
      }
    })

    it('a workbook that inflates past 64 MB answers 413 before the spreadsheet is parsed', async () => {
      const bomb = await withInflatingEntry(await xlsxOf(ROSTER), 65 * 1024 * 1024)
      expect(bomb.length).toBeLessThan(MAX_ROSTER_BYTES)
      const response = await upload(auth.worker, `grid=${GRID_A}`, bomb)
      expect(response.statusCode).toBe(413)
      expect(response.json().error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('文件解压后超过64MB') })
      // Inflating 64 MB to find out takes seconds on a busy machine.
    }, 30_000)

    it('more than 1000 data rows answers 413', async () => {
      const rows: SheetCell[][] = [['姓名', '组/小区', '门牌号']]
      for (let i = 1; i <= 1001; i++) rows.push([`居民${i}`, '十组', String(i)])
      const response = await upload(auth.worker, `grid=${GRID_A}`, await xlsxOf(rows))
      expect(response.statusCode).toBe(413)
      expect(response.json().error.message).toBe('一次最多导入1000行，本表有1001行，请分批导入')
    })

    it('a sheet without a 姓名 column answers 400 in Chinese', async () => {
      const response = await upload(auth.worker, `grid=${GRID_A}`, await xlsxOf([['户主', '手机号'], ['张三', '13800001111']]))
      expect(response.statusCode).toBe(400)
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('缺少“姓名”列') })
    })

    it('a corrupt .xlsx answers 400, not 500', async () => {
      const response = await upload(auth.worker, `grid=${GRID_A}`, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a zip')]))
      expect(response.statusCode).toBe(400)
      expect(response.json().error.code).toBe('VALIDATION_FAILED')
    })
  })
})
