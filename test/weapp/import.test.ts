import { answerRequests, findAll, findByText, launchApp, openPage, tap, waitFor, waitForText, wx } from './harness'
import { GRID_ID, answerHouseholdList, signedInWorkerStorage } from './fixtures'

/** A dry-run report as POST /imports/households answers it: 3 good rows in 2 households, one error, one duplicate. */
function report(dryRun: boolean) {
  return {
    dryRun,
    sheet: '住户名单',
    ignoredColumns: [],
    households: { new: 2, existing: 0 },
    members: { accepted: 3, rejected: 1, duplicates: 1 },
    rows: [
      { row: 3, status: 'accepted', householdKey: '三组 12号' },
      { row: 4, status: 'accepted', householdKey: '三组 12号' },
      { row: 5, status: 'error', householdKey: '三组 13号', errors: [{ column: '手机号', message: '手机号格式不正确，应为11位手机号' }] },
      { row: 6, status: 'accepted', householdKey: '四组 1号' },
      { row: 7, status: 'duplicate', householdKey: '三组 12号', duplicateOf: { reason: 'file_address_name', row: 3 } }
    ],
    ...(dryRun ? {} : { mutations: { applied: 5, duplicate: 0, rejected: 0, results: [] } })
  }
}

interface Upload {
  url: string
  query: Record<string, string>
  filePath: string
  name: string
  header: Record<string, string>
}
const uploads: Upload[] = []
let uploadAnswer: (upload: Upload) => { statusCode: number; data: string } = (upload) => ({
  statusCode: 200,
  data: JSON.stringify(report(upload.query.dryRun !== 'false'))
})

beforeAll(() => {
  launchApp({ storage: signedInWorkerStorage() })
  answerRequests((request) => {
    if (request.path === '/api/v1/households') return answerHouseholdList(request.query)
    if (request.path === '/api/v1/sync/pull') return { data: { changes: [], cursor: 'c1', hasMore: false } }
    return { status: 404, data: { error: { code: 'NOT_FOUND', message: '不存在', details: [] } } }
  })
  jest.spyOn(wx, 'chooseMessageFile').mockImplementation((options: any) => {
    const res = { errMsg: 'chooseMessageFile:ok', tempFiles: [{ path: 'wxfile://tmp/roster.xlsx', name: '三组名单.xlsx', size: 9000, type: 'file', time: 0 }] }
    // Like WeChat: callbacks when given, otherwise a promise (Taro calls it that way).
    if (!options.success && !options.fail && !options.complete) return Promise.resolve(res)
    void Promise.resolve().then(() => {
      options.success?.(res)
      options.complete?.(res)
    })
  })
  jest.spyOn(wx, 'uploadFile').mockImplementation((options: any) => {
    const url = new URL(options.url)
    const upload: Upload = {
      url: options.url,
      query: Object.fromEntries(url.searchParams.entries()),
      filePath: options.filePath,
      name: options.name,
      header: options.header ?? {}
    }
    uploads.push(upload)
    void Promise.resolve().then(() => {
      const res = { errMsg: 'uploadFile:ok', ...uploadAnswer(upload) }
      options.success?.(res)
      options.complete?.(res)
    })
    return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} }
  })
})

beforeEach(() => {
  uploads.length = 0
})

test('a grid worker checks a roster, sees the problem rows, then imports it', async () => {
  const page = openPage('pages/import/index')
  await waitForText(page, '下载模板')
  tap(findByText(page, '选择文件'))
  await waitForText(page, '三组名单.xlsx')

  tap(findByText(page, '检查'))
  await waitForText(page, '检查结果')
  expect(uploads).toHaveLength(1)
  expect(uploads[0].url).toContain('/api/v1/imports/households?')
  expect(uploads[0].query).toEqual({ grid: GRID_ID, dryRun: 'true' })
  expect(uploads[0]).toMatchObject({ filePath: 'wxfile://tmp/roster.xlsx', name: 'file', header: { Authorization: 'Bearer worker-token' } })

  const counts = findAll(page, 'import-count').map((el) => el.textContent.replace(/\s+/g, ''))
  expect(counts).toEqual(['2新户', '3可导入成员', '1重复', '1有错误'])
  const problems = findAll(page, 'import-problem').map((el) => el.textContent.replace(/\s+/g, ' ').trim())
  expect(problems).toEqual(['第5行 手机号：手机号格式不正确，应为11位手机号', '第7行 重复：与第3行地址和姓名相同（三组 12号）'])
  expect(page.text()).not.toContain('已导入')

  tap(findByText(page, '确认导入'))
  await waitForText(page, '已导入 3 人（2 户）')
  expect(uploads).toHaveLength(2)
  expect(uploads[1].query).toEqual({ grid: GRID_ID, dryRun: 'false' })
  expect(page.text()).toContain('返回户列表')

  const redirectTo = jest.spyOn(wx, 'redirectTo').mockImplementation((options: any) => options.success?.({ errMsg: 'redirectTo:ok' }))
  tap(findByText(page, '返回户列表'))
  await waitFor(() => redirectTo.mock.calls.length > 0)
  expect(redirectTo.mock.calls[0][0]).toMatchObject({ url: '/pages/households/index' })
  page.unload()
})

test("the server's message is shown when it refuses the file, and nothing can be imported", async () => {
  uploadAnswer = () => ({
    statusCode: 415,
    data: JSON.stringify({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请上传 .xlsx 格式的 Excel 文件', details: [] } })
  })
  const page = openPage('pages/import/index')
  await waitForText(page, '选择文件')
  tap(findByText(page, '选择文件'))
  await waitForText(page, '三组名单.xlsx')
  tap(findByText(page, '检查'))
  await waitForText(page, '请上传 .xlsx 格式的 Excel 文件')
  expect(page.text()).not.toContain('确认导入')
  page.unload()
})

test('home has the 导入名单 entry', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const home = openPage('pages/home/index')
  await waitForText(home, '导入名单')
  tap(findByText(home, '导入名单'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect(navigateTo.mock.calls[0][0]).toMatchObject({ url: '/pages/import/index' })
  home.unload()
})
