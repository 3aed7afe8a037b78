import { USERS } from '../server/fixtures'
import { answerRequests, findAll, findByText, launchApp, openPasswordLogin, tap, type, waitFor, waitForText } from './harness'
import { forward, startRealServer, type RealServer } from './realServer'

/**
 * The compiled sign-in page against the real server (a child process; each `wx.request` is forwarded
 * to it over loopback): every field error at once, and the server's lockout warning in full.
 */
let server: RealServer
let signInAnswers = 0

beforeAll(async () => {
  server = await startRealServer()
  launchApp()
  answerRequests(async (request) => {
    const answer = await forward(server.baseUrl, request)
    if (request.path === '/api/v1/auth/password') signInAnswers++
    return answer
  })
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

test('both empty fields are named at once, each under its field', async () => {
  const page = await openPasswordLogin()

  tap(findByText(page, '登录'))
  await waitForText(page, '账号不能为空')
  expect(findAll(page, 'login-field-error').map((el) => el.textContent)).toEqual(['账号不能为空', '密码不能为空'])
  expect(page.text()).not.toContain('另有')

  // Fixing one field leaves only the other's error.
  const [username] = findAll(page, 'login-input')
  type(username, USERS.worker.username)
  tap(findByText(page, '登录'))
  await waitFor(() => findAll(page, 'login-field-error').length === 1)
  expect(findAll(page, 'login-field-error').map((el) => el.textContent)).toEqual(['密码不能为空'])
  page.unload()
})

test('the fourth wrong password shows the server’s lockout warning in full', async () => {
  const page = await openPasswordLogin()
  const [username, password] = findAll(page, 'login-input')
  type(username, USERS.worker.username)

  const answeredBefore = signInAnswers
  for (let attempt = 1; attempt <= 4; attempt++) {
    type(password, `wrong-${attempt}`)
    tap(findByText(page, '登录'))
    // Answered, and the button is ready again for the next attempt.
    await waitFor(() => signInAnswers === answeredBefore + attempt)
    await waitFor(() => findAll(page, 'login-error').length === 1 && findAll(page, 'nut-button-loading').length === 0)
    if (attempt < 4) expect(findAll(page, 'login-error')[0].textContent).toBe('账号或密码错误')
  }
  await waitFor(() => findAll(page, 'login-error')[0].textContent === '账号或密码错误，再错1次将锁定15分钟')
  page.unload()
})
