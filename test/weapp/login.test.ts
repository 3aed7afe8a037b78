import { answerRequests, apiError, find, findByText, launchApp, openPage, requests, stored, tap, type, waitFor, waitForText, wx } from './harness'

/** A fresh install: nobody signed in, so the login page stays and offers WeChat sign-in. */

const WORKER = {
  id: 'u-worker',
  name: '张小明',
  role: 'grid_worker',
  scope: { regionCode: '141002001001', gridIds: ['0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'] }
}

beforeAll(() => {
  launchApp()
})

beforeEach(() => {
  requests.length = 0
})

test('a staff member signs in with WeChat, binds an invitation code and lands on the grid home', async () => {
  const login = jest.spyOn(wx, 'login').mockImplementation((options: any) => {
    setTimeout(() => options.success?.({ errMsg: 'login:ok', code: 'demo:openid-zhang' }), 0)
  })
  const reLaunch = jest.spyOn(wx, 'reLaunch')
  const redirectTo = jest.spyOn(wx, 'redirectTo')
  answerRequests((request) => {
    if (request.method === 'POST' && request.path === '/api/v1/auth/wechat') {
      return { data: { token: 'wechat-session-token', expiresAt: '2026-12-01T00:00:00+08:00', user: null } }
    }
    if (request.method === 'POST' && request.path === '/api/v1/auth/bind') {
      if (request.header.Authorization !== 'Bearer wechat-session-token') return apiError(401, 'UNAUTHENTICATED', '请先登录')
      if (request.data.inviteCode !== 'K7Q2M9') return apiError(404, 'NOT_FOUND', '邀请码不存在或已失效')
      return { data: { user: WORKER } }
    }
    return apiError(404, 'NOT_FOUND', '不存在')
  })

  const page = openPage('pages/login/index')
  await waitForText(page, '微信一键登录')
  expect(page.text()).toContain('账号密码登录')
  expect(page.text()).toContain('《用户隐私保护指引》')

  tap(findByText(page, '微信一键登录'))
  await waitFor(() => requests.find((r) => r.path === '/api/v1/auth/wechat'))
  expect(login).toHaveBeenCalledTimes(1)
  const wechat = requests.find((r) => r.path === '/api/v1/auth/wechat')!
  expect(wechat.method).toBe('POST')
  expect(wechat.data).toEqual({ code: 'demo:openid-zhang' })

  // Not bound yet: the invitation code input appears, and nothing navigates.
  await waitForText(page, '邀请码')
  expect(reLaunch).not.toHaveBeenCalled()

  // A wrong code shows the server's message and keeps the person here.
  type(find(page, 'invite-code'), 'WRONG1')
  tap(findByText(page, '绑定并进入'))
  await waitForText(page, '邀请码不存在或已失效')
  expect(reLaunch).not.toHaveBeenCalled()

  type(find(page, 'invite-code'), 'K7Q2M9')
  tap(findByText(page, '绑定并进入'))
  await waitFor(() => reLaunch.mock.calls.length > 0)

  const binds = requests.filter((r) => r.path === '/api/v1/auth/bind')
  expect(binds.map((r) => r.data)).toEqual([{ inviteCode: 'WRONG1' }, { inviteCode: 'K7Q2M9' }])
  expect(binds[1].header.Authorization).toBe('Bearer wechat-session-token')
  expect((reLaunch.mock.calls[0][0] as any).url).toBe('/pages/home/index')
  expect(redirectTo).not.toHaveBeenCalled()
  // The session survives a restart: token and bound user are in storage.
  expect(stored('wuzha.session')).toMatchObject({ token: 'wechat-session-token', user: { role: 'grid_worker' } })
  page.unload()
})
