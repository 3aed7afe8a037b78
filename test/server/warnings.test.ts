import { databases, startServer, type TestServer } from './harness'
import { OTHER_TOWNSHIP_VILLAGE, OTHER_VILLAGE_SAME_TOWNSHIP, TOWNSHIP, VILLAGE, seedWorld, uuid } from './fixtures'
import type { WarningList } from '../../src/core/fraud'
import { countyCodeOf } from '../../src/core/regions'

/** A case as an official will record it; the note and the exact figures must never come back. */
function caseRow(overrides: Partial<{ village_code: string; occurred_on: string; kind: string; fraud_type: string; loss_yuan: number | null; victim_age_band: string | null }>) {
  return {
    id: uuid(),
    village_code: VILLAGE,
    occurred_on: '2026-10-17',
    kind: 'incident',
    fraud_type: 'fake_police',
    loss_yuan: 123456,
    victim_age_band: '60_plus',
    note: '受害人张秀兰在家中接到冒充公安电话',
    created_by: 'u-official',
    created_at: '2026-10-18T00:00:00.000Z',
    ...overrides,
    county_code: countyCodeOf(overrides.village_code ?? VILLAGE)
  }
}

describe.each(databases())('township warnings on %s', (dialect) => {
  let server: TestServer
  let address = 0

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
  })
  afterAll(() => server.close())

  async function warnings(code: string, remoteAddress = `192.0.2.${++address % 250}`) {
    return server.app.inject({ method: 'GET', url: `/api/v1/regions/${code}/warnings`, remoteAddress })
  }

  it('shows nothing until the township has 3 incidents in the last 12 months, then bands only', async () => {
    const db = server.database.db
    await db
      .insertInto('cases')
      .values([
        caseRow({}),
        caseRow({ village_code: OTHER_VILLAGE_SAME_TOWNSHIP, occurred_on: '2026-11-02', fraud_type: 'brushing', loss_yuan: 9999, victim_age_band: '18_39' }),
        // Not incidents, in another township, or older than 12 months: none of them counts.
        caseRow({ kind: 'suspect' }),
        caseRow({ kind: 'den', loss_yuan: null }),
        caseRow({ village_code: OTHER_TOWNSHIP_VILLAGE }),
        caseRow({ occurred_on: '2025-11-30' })
      ])
      .execute()
    const two = await warnings(TOWNSHIP)
    expect(two.statusCode).toBe(200)
    expect(two.json()).toEqual({ township: { code: TOWNSHIP, name: '解放路街道' }, items: [] })

    await db.insertInto('cases').values(caseRow({ occurred_on: '2025-12-01', fraud_type: 'romance', loss_yuan: 100001, victim_age_band: null })).execute()
    const three = await warnings(TOWNSHIP)
    const body: WarningList = three.json()
    expect(body.items).toEqual([
      { month: '2026-11', fraudType: 'brushing', lossBand: 'under_10k', ageBand: '18_39' },
      { month: '2026-10', fraudType: 'fake_police', lossBand: 'over_100k', ageBand: '60_plus' },
      { month: '2025-12', fraudType: 'romance', lossBand: 'over_100k', ageBand: null }
    ])
    const text = three.body
    for (const secret of ['张秀兰', '受害人', '123456', '9999', '100001', '2026-10-17', '2026-11-02', VILLAGE, OTHER_VILLAGE_SAME_TOWNSHIP, '商会社区']) {
      expect(text).not.toContain(secret)
    }
    expect(Object.keys(body.items[0]).sort()).toEqual(['ageBand', 'fraudType', 'lossBand', 'month'])
  })

  it('answers a malformed code 400 naming it, an unknown township 404', async () => {
    const malformed = await warnings('14100200')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.message).toContain('乡镇')
    expect((await warnings(VILLAGE)).statusCode).toBe(400)
    expect((await warnings('999999999')).statusCode).toBe(404)
  })

  it('limits look-ups to 30 a minute per client address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await warnings(TOWNSHIP, '198.51.100.90')).statusCode)
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true)
    expect(statuses[30]).toBe(429)
    expect((await warnings(TOWNSHIP, '198.51.100.91')).statusCode).toBe(200)
  })
})
