import { answerRequests, apiError, findByText, launchApp, openPage, waitFor, waitForText, tap, wx } from './harness'
import { HOUSEHOLDS, VILLAGE, signedInStorage } from './fixtures'

/** A village admin starts on the village's household list: 我的 (and 退出登录 in it) is one tap from there. */
beforeAll(() => {
  launchApp({
    storage: signedInStorage('village-token', { id: 'u-village', name: '李秀英', role: 'village_admin', scope: { regionCode: VILLAGE } })
  })
  answerRequests((request) => {
    if (request.path === '/api/v1/households' && request.query.village === VILLAGE) return { data: { items: HOUSEHOLDS, nextCursor: null } }
    return apiError(404, 'NOT_FOUND', '不存在')
  })
})

test('the household list has 我的, and no 退出登录 between its header and the list', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options: any) => options.success?.({ errMsg: 'navigateTo:ok' }))
  const page = openPage('pages/households/index')
  await waitForText(page, HOUSEHOLDS[0].addressText)
  expect(page.text()).not.toContain('退出登录')
  tap(findByText(page, '我的'))
  await waitFor(() => navigateTo.mock.calls.length > 0)
  expect(navigateTo.mock.calls[0][0]).toMatchObject({ url: '/pages/me/index' })
  page.unload()
})
