import { answerRequests, apiError, find, findAll, findByText, fire, launchApp, openPage, requests, stored, tap, type, waitFor, waitForText, wx, type LoadedPage, type RecordedRequest } from './harness'
import { answerPull, signedInWorkerStorage } from './fixtures'

/**
 * A resident opens a household invitation on the compiled mini-program: the 小程序码's scene (or a
 * token) opens it, the privacy notice comes first (disagreeing sends nothing and leaves the 防骗知识
 * pages), then the member, the declaration, a screenshot (chooseMedia + uploadFile), the submission,
 * and the decision whenever the page is opened again. A worker signed in on the same phone stays so.
 */
// 32 characters: the length of every invitation token (WeChat's limit for a 小程序码's scene).
const TOKEN = 'inv-7Qm2x9Kp_Rt5Vw8Yz3Bc6Df9Gh1J'
const MEMBERS = [
  { id: '9b1e8a52-3c4d-4e5f-8a6b-7c8d9e0f1a01', nameMasked: '张*明', needsPhoneLast4: true },
  { id: '9b1e8a52-3c4d-4e5f-8a6b-7c8d9e0f1a02', nameMasked: '李*芳' }
]
const INVITE = { village: { name: '大阳村委会' }, addressMasked: '三组 5栋 **', members: MEMBERS }
const RESIDENT_TOKEN = 'resident-token'
const KNOWLEDGE = '/packages/resident/pages/knowledge/index'

/** POST /uploads as API.md has it: the id, or 413 / 415 with the server's message. */
const UPLOAD_ANSWERS: Record<number, unknown> = {
  201: { id: '7c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f' },
  413: { error: { code: 'TOO_LARGE', message: '图片不能超过2MB，请换一张或压缩后再试' } },
  415: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '只支持JPEG或PNG图片' } }
}

interface ServerState {
  mine: Array<{ id: string; memberNameMasked: string; state: string; reason?: string }>
  uploadStatus: number
}
const server: ServerState = { mine: [], uploadStatus: 201 }
let privacyListener: ((resolve: (option: unknown) => void) => void) | null = null
let uploads: Array<{ url: string; filePath: string; name: string; header: Record<string, string> }> = []

// WeChat's privacy API, as the base library has it; Taro binds what wx has when the app starts.
;(wx as any).onNeedPrivacyAuthorization = (listener: typeof privacyListener) => {
  privacyListener = listener
}

beforeAll(() => {
  // A grid worker is signed in on this phone: the resident's session must leave theirs alone.
  launchApp({ storage: signedInWorkerStorage() })
})

beforeEach(() => {
  requests.length = 0
  uploads = []
  answerRequests(answer)
  jest.spyOn(wx, 'login').mockImplementation((options: any) => {
    setTimeout(() => options.success?.({ errMsg: 'login:ok', code: 'demo:openid-resident' }), 0)
  })
  jest.spyOn(wx, 'chooseMedia').mockImplementation((options: any) => {
    setTimeout(() => options.success?.({ errMsg: 'chooseMedia:ok', type: 'image', tempFiles: [{ tempFilePath: 'wxfile://tmp/shot.png', size: 120000, fileType: 'image' }] }), 0)
  })
  jest.spyOn(wx, 'uploadFile').mockImplementation((options: any) => {
    uploads.push({ url: options.url, filePath: options.filePath, name: options.name, header: options.header })
    const data = JSON.stringify(UPLOAD_ANSWERS[server.uploadStatus])
    setTimeout(() => options.success?.({ errMsg: 'uploadFile:ok', statusCode: server.uploadStatus, data }), 0)
    return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} }
  })
})

function answer(request: RecordedRequest) {
  // The signed-in worker's own grid sync, beside the resident's requests.
  if (request.header.Authorization === 'Bearer worker-token' && request.path === '/api/v1/sync/pull') return answerPull(request.query, [])
  if (request.method === 'GET' && request.path === `/api/v1/invites/${TOKEN}`) return { data: INVITE }
  if (request.method === 'GET' && request.path.startsWith('/api/v1/invites/')) return apiError(404, 'NOT_FOUND', '邀请不存在或已失效')
  if (request.method === 'POST' && request.path === '/api/v1/auth/wechat') {
    return { data: { token: RESIDENT_TOKEN, expiresAt: '2026-12-31T00:00:00+08:00', user: null } }
  }
  if (request.header.Authorization !== `Bearer ${RESIDENT_TOKEN}`) return apiError(401, 'UNAUTHENTICATED', '请先登录')
  if (request.method === 'GET' && request.path === '/api/v1/certifications/mine') return { data: { items: server.mine } }
  if (request.method === 'POST' && request.path === '/api/v1/certifications') {
    server.mine = [{ id: 'cert-1', memberNameMasked: '张*明', state: 'pending' }]
    return { status: 201, data: { id: 'cert-1', state: 'pending' } }
  }
  return apiError(404, 'NOT_FOUND', '不存在')
}

/** What the invitation page sent (the signed-in worker's own sync runs beside it). */
function residentRequests(): string[] {
  return requests.filter((r) => !r.path.startsWith('/api/v1/sync/')).map((r) => `${r.method} ${r.path}`)
}

async function openInvite(query: Record<string, string>): Promise<LoadedPage> {
  const page = openPage('packages/resident/pages/invite/index', query)
  await waitFor(() => !page.text().includes('加载中'))
  return page
}

test('an expired or revoked invitation says so in Chinese and still offers the knowledge pages', async () => {
  const page = await openInvite({ token: 'expired-token' })
  await waitForText(page, '该邀请已过期或已被撤销')
  expect(page.text()).toContain('请联系您的网格员')
  expect(page.text()).toContain('防骗知识')
  expect(residentRequests()).toEqual(['GET /api/v1/invites/expired-token'])
  page.unload()
})

test('disagreeing sends nothing personal and leaves the knowledge pages open', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo')
  const page = await openInvite({ scene: encodeURIComponent(TOKEN) })
  await waitForText(page, '大阳村委会')
  expect(page.text()).toContain('三组 5栋 **')
  expect(page.text()).toContain('个人信息保护提示')
  // No member is offered before the notice is agreed to.
  expect(page.text()).not.toContain('张*明')

  tap(findByText(page, '不同意'))
  await waitForText(page, '不会收集或发送您的任何信息')
  tap(find(page, 'knowledge-link'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect((navigateTo.mock.calls[0][0] as any).url).toBe(KNOWLEDGE)
  // The public look-up is all that went out: no sign-in, no upload, no certification.
  expect(residentRequests()).toEqual([`GET /api/v1/invites/${TOKEN}`])
  expect(wx.login).not.toHaveBeenCalled()
  expect(uploads).toEqual([])
  page.unload()
})

test('a resident agrees, picks a member, declares, adds a screenshot and submits; reopening shows the decision', async () => {
  const page = await openInvite({ scene: encodeURIComponent(TOKEN) })
  await waitForText(page, '个人信息保护提示')
  fire(find(page, 'consent-agree'), 'agreeprivacyauthorization')
  await waitForText(page, '张*明')
  expect(page.text()).toContain('李*芳')
  for (const label of ['已安装未注册', '已注册', '未安装']) expect(page.text()).toContain(label)

  // Submitting with nothing chosen names each missing field, and sends nothing.
  tap(findByText(page, '提交登记'))
  await waitForText(page, '请选择要登记的家庭成员')
  expect(page.text()).toContain('请选择APP状态')
  expect(requests.some((r) => r.path === '/api/v1/certifications')).toBe(false)

  tap(findByText(page, '○ 张*明'))
  // Her phone is on file, so its last four digits are asked for.
  await waitForText(page, '登记手机号的后4位')
  tap(findByText(page, '○ 已注册'))
  tap(findByText(page, '○ 已开启'))

  // A file the server refuses as too large: its own message, and no upload id is kept.
  server.uploadStatus = 413
  tap(findByText(page, '上传截图'))
  await waitForText(page, '图片不能超过2MB，请换一张或压缩后再试')
  server.uploadStatus = 415
  tap(findByText(page, '上传截图'))
  await waitForText(page, '只支持JPEG或PNG图片')
  server.uploadStatus = 201
  tap(findByText(page, '上传截图'))
  await waitForText(page, '截图已上传')
  expect(uploads).toHaveLength(3)
  expect(uploads[2]).toEqual({
    url: 'http://127.0.0.1:3000/api/v1/uploads',
    filePath: 'wxfile://tmp/shot.png',
    name: 'file',
    header: { Authorization: `Bearer ${RESIDENT_TOKEN}` }
  })
  // The preview shows the chosen file (simulate's <image> stub keeps no src, so read the rendered data).
  find(page, 'screenshot-preview')
  expect(JSON.stringify(page.instance.data)).toContain('wxfile://tmp/shot.png')

  tap(findByText(page, '提交登记'))
  await waitForText(page, '手机号后4位必须填写')
  type(find(page, 'phone-last4'), '1234')
  tap(findByText(page, '提交登记'))
  await waitForText(page, '待审核')

  const posted = requests.find((r) => r.method === 'POST' && r.path === '/api/v1/certifications')!
  expect(posted.header.Authorization).toBe(`Bearer ${RESIDENT_TOKEN}`)
  expect(posted.data).toEqual({
    inviteToken: TOKEN,
    memberId: MEMBERS[0].id,
    status: 'registered',
    alertsOn: true,
    uploadId: '7c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f',
    phoneLast4: '1234',
    consent: true
  })
  expect(requests.filter((r) => r.path === '/api/v1/auth/wechat')).toHaveLength(1)
  // The resident's session is its own; the worker's sign-in on this phone is untouched.
  expect(stored('wuzha.resident.session')).toMatchObject({ token: RESIDENT_TOKEN })
  expect(stored('wuzha.session')).toMatchObject({ token: 'worker-token', user: { role: 'grid_worker' } })
  page.unload()

  // The worker accepts it: opened again, the page shows 已通过 without a new declaration.
  server.mine = [{ id: 'cert-1', memberNameMasked: '张*明', state: 'accepted' }]
  const accepted = await openInvite({ scene: encodeURIComponent(TOKEN) })
  await waitForText(accepted, '已通过')
  expect(accepted.text()).toContain('为其他家庭成员登记')
  expect(accepted.text()).not.toContain('提交登记')
  accepted.unload()

  server.mine = [{ id: 'cert-1', memberNameMasked: '张*明', state: 'rejected', reason: '截图看不清，请重新上传' }]
  const rejected = await openInvite({ token: TOKEN })
  await waitForText(rejected, '未通过')
  expect(rejected.text()).toContain('原因：截图看不清，请重新上传')
  expect(requests.filter((r) => r.path === '/api/v1/auth/wechat')).toHaveLength(1)
  rejected.unload()
})

test("WeChat's privacy question is answered by the notice's own buttons", async () => {
  // The same WeChat identity as above (its resident session is stored), with a decided certification.
  server.mine = [{ id: 'cert-1', memberNameMasked: '张*明', state: 'accepted' }]
  const page = await openInvite({ token: TOKEN })
  // Another member is one tap away; the notice is agreed to once per visit.
  await waitForText(page, '为其他家庭成员登记')
  tap(findByText(page, '为其他家庭成员登记'))
  await waitForText(page, '个人信息保护提示')
  fire(find(page, 'consent-agree'), 'agreeprivacyauthorization')
  await waitForText(page, '提交登记')

  // The picker needs WeChat's agreement: WeChat asks, the notice shows again, 不同意 answers it.
  expect(privacyListener).not.toBeNull()
  const resolve = jest.fn()
  privacyListener!(resolve)
  await waitForText(page, '个人信息保护提示')
  tap(findByText(page, '不同意'))
  await waitFor(() => resolve.mock.calls.length > 0)
  expect(resolve).toHaveBeenCalledWith({ event: 'disagree' })
  await waitFor(() => findAll(page, 'knowledge-link').length === 1)

  // Asked again, 同意并继续 (WeChat's agreePrivacyAuthorization button) lets the picker go on.
  tap(findByText(page, '重新阅读并同意'))
  const resolveAgain = jest.fn()
  privacyListener!(resolveAgain)
  fire(await waitFor(() => find(page, 'consent-agree')), 'agreeprivacyauthorization')
  await waitFor(() => resolveAgain.mock.calls.length > 0)
  expect(resolveAgain).toHaveBeenCalledWith({ event: 'agree', buttonId: 'agree-privacy' })
  await waitForText(page, '提交登记')
  page.unload()
})
