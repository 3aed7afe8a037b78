import { answerRequests, apiError, findAll, findByText, launchApp, openPasswordLogin, requests, tap, type, waitFor, waitForText, wx } from './harness'

/** A fresh install, signing in with a username and password (the H5 way, also offered on weapp). */
beforeAll(() => {
  launchApp()
})

test('password sign-in shows the server message on failure and routes an official to the township page', async () => {
  const reLaunch = jest.spyOn(wx, 'reLaunch')
  answerRequests((request) => {
    if (request.path !== '/api/v1/auth/password') return apiError(404, 'NOT_FOUND', '不存在')
    if (request.data.password !== 'wuzha-demo') return apiError(401, 'UNAUTHENTICATED', '账号或密码错误')
    return {
      data: {
        token: 'password-token',
        expiresAt: '2026-12-01T00:00:00+08:00',
        user: { id: 'u-official', name: '王建国', role: 'official', scope: { regionCode: '141002001' } }
      }
    }
  })

  const page = await openPasswordLogin()

  // Empty fields are caught before any request, with the core's Chinese message.
  tap(findByText(page, '登录'))
  await waitForText(page, '账号不能为空')
  expect(requests).toHaveLength(0)

  const [username, password] = findAll(page, 'login-input')
  type(username, 'demo-official')
  type(password, 'wrong')
  tap(findByText(page, '登录'))
  await waitForText(page, '账号或密码错误')
  // A wrong password is not an expired session: nobody is sent anywhere.
  expect(reLaunch).not.toHaveBeenCalled()

  type(password, 'wuzha-demo')
  tap(findByText(page, '登录'))
  await waitFor(() => reLaunch.mock.calls.length > 0)
  expect((reLaunch.mock.calls[0][0] as any).url).toBe('/packages/official/pages/township/index')
  expect(requests.map((r) => [r.method, r.path, r.data])).toEqual([
    ['POST', '/api/v1/auth/password', { username: 'demo-official', password: 'wrong' }],
    ['POST', '/api/v1/auth/password', { username: 'demo-official', password: 'wuzha-demo' }]
  ])
  page.unload()
})
