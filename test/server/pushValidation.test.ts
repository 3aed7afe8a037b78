import type { MutationResult } from '../../src/core/mutations'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, login, seedWorld, uuid } from './fixtures'
import { householdUpsert, memberApp, memberUpsert, push, visitRecord, type Envelope } from './mutationBuilders'

type Auth = { authorization: string }

const ID_NUMBER = '11010519491231002X'
const PHONE = '13812345678'

/**
 * Issue #6 (leaks 5c, 5i): free text refuses phone and ID numbers, names and text refuse characters
 * that corrupt or mislead, and the time rules run at the server's own clock (2026-11-15 10:00 China time
 * in these tests, while the machine's clock may say anything).
 */
describe.each(databases())('sync push refuses leaks and impossible times on %s', (dialect: TestDialect) => {
  let server: TestServer
  let worker: Auth
  let householdId: string
  let memberId: string

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    worker = await login(server, 'worker')
    householdId = uuid()
    memberId = uuid()
    const results = await push(server, worker, [householdUpsert({ id: householdId, gridId: GRID_A }), memberUpsert({ id: memberId, householdId })])
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied'])
  })
  afterAll(() => server.close())

  async function pushOne(envelope: Envelope): Promise<MutationResult> {
    const [result] = await push(server, worker, [envelope])
    return result
  }

  /** `message` is the exact message, or a matcher for it. */
  function expectRejected(result: MutationResult, field: string, message: unknown) {
    expect(result.status).toBe('rejected')
    expect(result.error?.code).toBe('VALIDATION_FAILED')
    expect(result.error?.details).toContainEqual({ field, message })
  }

  /** Every free-text field, with a mutation that puts `text` in it. */
  const FREE_TEXT: Array<[string, string, (text: string) => Envelope]> = [
    ['payload.address.group', '组/小区', (text) => householdUpsert({ id: uuid(), gridId: GRID_A, address: { group: text } })],
    ['payload.address.building', '楼栋', (text) => householdUpsert({ id: uuid(), gridId: GRID_A, address: { building: text } })],
    ['payload.address.unit', '单元', (text) => householdUpsert({ id: uuid(), gridId: GRID_A, address: { unit: text } })],
    ['payload.address.door', '门牌号', (text) => householdUpsert({ id: uuid(), gridId: GRID_A, address: { door: text } })],
    ['payload.address.text', '详细地址', (text) => householdUpsert({ id: uuid(), gridId: GRID_A, address: { text } })],
    ['payload.note', '备注', (text) => householdUpsert({ id: householdId, gridId: GRID_A, note: text })],
    ['payload.name', '姓名', (text) => memberUpsert({ id: memberId, householdId, name: text })],
    ['payload.away.place', '外出地点', (text) => memberUpsert({ id: memberId, householdId, away: { place: text } })],
    ['payload.reason', '原因', (text) => memberApp({ memberId, status: 'refused', reason: text })],
    ['payload.note', '备注', (text) => visitRecord({ id: uuid(), householdId, note: text })]
  ]

  test.each(FREE_TEXT)('%s (%s) refuses a phone or ID number, and stores it nowhere', async (field, label, withText) => {
    for (const text of [`身份证${ID_NUMBER}`, `电话 +86 138-1234-5678`]) {
      expectRejected(await pushOne(withText(text)), field, `${label}不能包含手机号或身份证号`)
    }
    const db = server.database.db
    const stored = await Promise.all(
      (['households', 'members', 'visits', 'mutations', 'change_log', 'record_history'] as const).map((table) => db.selectFrom(table).selectAll().execute())
    )
    expect(JSON.stringify(stored)).not.toMatch(/11010519491231002X|1381234|1234-5678/)
  })

  test('与户主关系 refuses a number too (it also is too long for one)', async () => {
    expectRejected(await pushOne(memberUpsert({ id: memberId, householdId, relation: PHONE })), 'payload.relation', '与户主关系不能包含手机号或身份证号')
  })

  test.each(FREE_TEXT)('%s (%s) refuses control characters, direction overrides and lone surrogates', async (field, label, withText) => {
    expectRejected(await pushOne(withText('东头\u0000第三家')), field, expect.stringMatching(new RegExp(`^${label}不能包含.*控制字符$`)))
    expectRejected(await pushOne(withText('东头\u202e第三家')), field, `${label}不能包含改变文字方向的控制字符`)
    expectRejected(await pushOne(withText('东头\ud800第三家')), field, `${label}含有无法识别的字符`)
  })

  test('a name of zero-width characters only is refused; ordinary text still passes', async () => {
    expectRejected(await pushOne(memberUpsert({ id: memberId, householdId, name: '\u200b\u200c\u200d' })), 'payload.name', '姓名不能只有不可见字符')
    const ordinary = householdUpsert({ id: uuid(), gridId: GRID_A, address: { group: '阳光小区', building: '3', unit: '2', door: '301', text: '邮编041000，2026年新建' }, note: '腿脚不便\n需定期走访' })
    expect((await pushOne(ordinary)).status).toBe('applied')
  })

  test('a birth year after this year is refused, so a member born "2090" never shows as -64岁', async () => {
    const born2090 = uuid()
    const [member, app] = await push(server, worker, [
      memberUpsert({ id: born2090, householdId, name: '未来人', birthYear: 2090 }),
      memberApp({ memberId: born2090, status: 'registered' })
    ])
    expectRejected(member, 'payload.birthYear', '出生年份不能晚于2026年')
    expect(app.error?.code).toBe('NOT_FOUND')
    expect(await server.database.db.selectFrom('members').select('id').where('id', '=', born2090).execute()).toEqual([])
    expect((await pushOne(memberUpsert({ id: uuid(), householdId, name: '新生儿', birthYear: 2026 }))).status).toBe('applied')
  })

  test('a visit may be dated up to ten minutes past the server’s clock, not later, and not before 2000', async () => {
    expect((await pushOne(visitRecord({ id: uuid(), householdId, at: '2026-11-15T10:10:00+08:00' }))).status).toBe('applied')
    expectRejected(await pushOne(visitRecord({ id: uuid(), householdId, at: '2026-11-15T10:10:01+08:00' })), 'payload.at', '时间不能晚于现在（请检查手机的日期和时间）')
    // Whatever the machine's own clock says, the server's injected clock decides.
    expectRejected(await pushOne(visitRecord({ id: uuid(), householdId, at: '2026-11-20T10:00:00+08:00' })), 'payload.at', '时间不能晚于现在（请检查手机的日期和时间）')
    expectRejected(await pushOne(visitRecord({ id: uuid(), householdId, at: '1999-12-31T23:59:59+08:00' })), 'payload.at', '时间不能早于2000年（请检查手机的日期和时间）')
  })

  test('schema and time errors of one payload are reported together', async () => {
    const result = await pushOne(memberUpsert({ id: uuid(), householdId, name: '王\u202e芳', birthYear: 2027, phone: '1234' }))
    expect(result.error?.details?.map((detail) => detail.field).sort()).toEqual(['payload.birthYear', 'payload.name', 'payload.phone'])
  })
})
