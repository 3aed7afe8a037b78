import { answerRequests, findAll, findByText, launchApp, openPage, stored, tap, type, waitFor, waitForText, wx } from './harness'
import { GRID_CHANGES, GRID_ID, HOUSEHOLDS, MEMBERS, VILLAGE, answerPull, signedInWorkerStorage, workerKey } from './fixtures'

/**
 * The worker's review queue on the compiled app: residents' certifications arrive with the grid's pull,
 * home counts them (待审核), the page shows each declaration beside the member's status and the
 * screenshot, and 通过 / 不通过 go into the outbox as `certification.review` — without signal too.
 */
const LI_XIULAN = MEMBERS[1]
const LI_HUA = MEMBERS[5]
const LI_QIANG = MEMBERS[4]
const UPLOAD_ID = 'e5e5e5e5-0000-4000-8000-000000000001'
const WITH_SCREENSHOT = 'c0c0c0c0-0000-4000-8000-000000000001'
const WITHOUT = 'c0c0c0c0-0000-4000-8000-000000000002'
const REMOVED = 'c0c0c0c0-0000-4000-8000-000000000003'
const REMOVED_UPLOAD_ID = 'e5e5e5e5-0000-4000-8000-000000000003'

function certificationChange(id: string, member: (typeof MEMBERS)[number], extra: Record<string, unknown>) {
  const data = {
    id,
    householdId: member.data.householdId,
    memberId: member.id,
    memberNameMasked: '李*兰',
    status: 'registered',
    alertsOn: true,
    region: VILLAGE,
    uploadId: null,
    state: 'pending',
    reason: null,
    createdAt: '2026-11-29T02:00:00.000Z',
    decidedAt: null,
    ...extra
  }
  return { entity: 'certification', id, op: 'upsert', data }
}

const CHANGES = [
  ...GRID_CHANGES,
  certificationChange(WITH_SCREENSHOT, LI_XIULAN, { uploadId: UPLOAD_ID }),
  certificationChange(WITHOUT, LI_HUA, { status: 'installed_unregistered', alertsOn: false, createdAt: '2026-11-29T03:00:00.000Z' }),
  // A screenshot WeChat's content check found risky: deleted on the server, the card says so.
  certificationChange(REMOVED, LI_QIANG, { uploadId: REMOVED_UPLOAD_ID, uploadCheck: 'risky', createdAt: '2026-11-29T04:00:00.000Z' })
]

beforeAll(async () => {
  launchApp({ storage: signedInWorkerStorage() })
  answerRequests((request) => {
    if (request.path === '/api/v1/sync/pull') return answerPull(request.query, CHANGES)
    if (request.path === '/api/v1/grids') return { data: { items: [{ id: GRID_ID, name: '第一网格', villageCode: VILLAGE, workers: [] }] } }
    // No signal for pushes: decisions wait in the outbox.
    return 'network-error'
  })
  const list = openPage('pages/households/index')
  await waitForText(list, HOUSEHOLDS[0].addressText)
  list.unload()
})

/** The node of Taro's render data with this class (its attributes are stored under short keys). */
function renderNode(node: any, className: string): Record<string, unknown> {
  if (node.cl === className) return node
  for (const child of node.cn ?? []) {
    const found = renderNode(child, className)
    if (Object.keys(found).length > 0) return found
  }
  return {}
}

const pendingReviews = () => ((stored(workerKey('outbox.pending')) ?? []) as any[]).filter((mutation) => mutation.type === 'certification.review')

test('home counts the certifications waiting for review', async () => {
  const home = openPage('pages/home/index')
  await waitFor(() => findAll(home, 'home-review')[0]?.textContent?.includes('3'))
  expect(findAll(home, 'home-review')[0].textContent).toContain('居民认证待审核')
  home.unload()
})

test('the queue shows each declaration beside the member’s status, and the screenshot on request', async () => {
  const downloadFile = jest.spyOn(wx, 'downloadFile').mockImplementation((options: any) => {
    const res = { errMsg: 'downloadFile:ok', statusCode: 200, tempFilePath: 'http://tmp/screenshot.png' }
    options.success?.(res)
    options.complete?.(res)
    return {} as any
  })
  const page = openPage('pages/review/index')
  await waitForText(page, '待审核 3 条')
  const cards = findAll(page, 'review-card')
  expect(cards.map((card) => card.textContent)).toEqual([
    expect.stringContaining('李秀兰'),
    expect.stringContaining('李华'),
    expect.stringContaining('李强')
  ])
  expect(cards[2].textContent).toContain('截图未通过内容安全检测，已删除（通过后记为本人申报）')
  expect(findAll(page, 'review-show-screenshot')).toHaveLength(1)
  expect(cards[0].textContent).toContain('居民申报：已注册 · 来电预警已开启')
  expect(cards[0].textContent).toContain('目前登记：未登记')
  expect(cards[1].textContent).toContain('居民申报：已安装未注册 · 来电预警未开启')
  expect(cards[1].textContent).toContain('未附截图')
  tap(findByText(page, '查看截图'))
  await waitFor(() => findAll(page, 'review-screenshot').length === 1)
  // The simulator's <image> keeps no attributes: the downloaded file is checked in the node Taro renders it from.
  expect(Object.values(renderNode(page.instance.data.root, 'review-screenshot'))).toContain('http://tmp/screenshot.png')
  const [options] = downloadFile.mock.calls[0] as any[]
  expect(options.url).toMatch(new RegExp(`/api/v1/uploads/${UPLOAD_ID}$`))
  expect(options.header.Authorization).toMatch(/^Bearer /)
  downloadFile.mockRestore()
  page.unload()
})

test('通过 and 不通过 (with a reason) go into the outbox offline and leave the queue', async () => {
  const page = openPage('pages/review/index')
  await waitForText(page, '待审核 3 条')
  tap(findAll(page, 'review-accept')[0])
  await waitForText(page, '待审核 2 条')
  expect(pendingReviews().map((mutation) => mutation.payload)).toEqual([{ certificationId: WITH_SCREENSHOT, decision: 'accept' }])

  // 不通过 on 李华's card (the list keeps the queue's order, not that of the taps).
  const liHua = findAll(page, 'review-card').findIndex((card) => card.textContent.includes('李华'))
  tap(findAll(page, 'review-reject')[liHua])
  await waitForText(page, '确认不通过')
  tap(findByText(page, '确认不通过'))
  await waitForText(page, '原因必须填写')
  expect(pendingReviews()).toHaveLength(1)
  type(findAll(page, 'review-reason')[0], '截图看不清')
  tap(findByText(page, '确认不通过'))
  await waitForText(page, '待审核 1 条')
  tap(findAll(page, 'review-accept')[0])
  await waitForText(page, '没有待审核的居民认证')
  expect(pendingReviews().map((mutation) => mutation.payload)).toEqual([
    { certificationId: WITH_SCREENSHOT, decision: 'accept' },
    { certificationId: WITHOUT, decision: 'reject', reason: '截图看不清' },
    { certificationId: REMOVED, decision: 'accept' }
  ])
  page.unload()

  // The accepted declaration shows on the member's row before it is sent.
  const household = openPage('pages/household/index', { id: HOUSEHOLDS[0].id })
  await waitForText(household, '李秀兰')
  const row = findAll(household, 'member-detail').find((el) => el.textContent.includes('李秀兰'))!.textContent
  expect(row).toContain('已注册')
  household.unload()

  // Accepted without the removed screenshot: 本人申报, not 截图核实.
  const other = openPage('pages/household/index', { id: HOUSEHOLDS[2].id })
  await waitForText(other, '李强')
  const removedRow = findAll(other, 'member-detail').find((el) => el.textContent.includes('李强'))!.textContent
  expect(removedRow).toContain('本人申报')
  other.unload()
})
