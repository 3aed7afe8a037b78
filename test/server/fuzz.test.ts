import fc from 'fast-check'
import { z } from 'zod'
import { MUTATIONS, MUTATION_TYPES } from '../../src/core/mutations'
import { databases, startServer, type TestDialect, type TestServer } from './harness'
import { GRID_A, GRID_OTHER_TOWNSHIP, login, seedWorld, TOWNSHIP, uuid, VILLAGE, type FixtureUser } from './fixtures'
import { householdUpsert, memberUpsert, push } from './mutationBuilders'

/**
 * "A 5xx is a bug": every operation the server documents (its OpenAPI document, so a new route is
 * fuzzed without touching this file) gets random and nearly valid paths, queries and bodies from every
 * role and from nobody. Each answer must be below 500, and every refusal must carry an error code and a
 * message in Chinese.
 */
/** Operations left out, and why; auth.test.ts covers both. */
const NOT_FUZZED: Record<string, string> = {
  'POST /api/v1/auth/logout': 'it revokes the session the fuzzer signs in with',
  'POST /api/v1/auth/wechat': 'it calls WeChat, unreachable from these tests: a server fault by design, not an input error'
}
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const
const CJK = /[\u4e00-\u9fff]/

interface Operation {
  method: (typeof METHODS)[number]
  path: string
  queryNames: string[]
  bodyNames: string[]
}

/** The operations of the app's OpenAPI document under /api, with their query and body field names. */
function operationsOf(spec: any): Operation[] {
  const operations: Operation[] = []
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    if (!path.startsWith('/api/')) continue
    for (const method of METHODS) {
      const operation = item[method]
      if (!operation || NOT_FUZZED[`${method.toUpperCase()} ${path}`]) continue
      const queryNames = (operation.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name)
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema
      operations.push({ method, path, queryNames, bodyNames: Object.keys(bodySchema?.properties ?? {}) })
    }
  }
  return operations
}

/**
 * Query values and path segments that reach past the first check, by parameter name: real ids and codes,
 * values one step off, edge cases. Names not listed get the generic values.
 */
const BY_NAME: Record<string, string[]> = {
  period: ['2026Q4', '2026Q5', '2026-13-01', '2026-10-01..2026-12-31', '2026-12-31..2026-10-01', '2026-02-30..2026-03-01', ''],
  limit: ['1', '500', '501', '0', '-1', '1.5', 'abc', '99999999999999999999'],
  since: ['0', '-1', '1', 'abc', '99999999999999999999', ''],
  cursor: ['', 'abc', 'eyJ9', Buffer.from('{"sort":"x","id":"y"}').toString('base64url')],
  filter: ['not_registered', 'priority', 'not_visited', 'nope', ''],
  q: ['张', '%', '_', '\\', '138', '13800001111', '三组 12', ' '],
  dryRun: ['true', 'false', 'yes', ''],
  grid: [GRID_A, GRID_OTHER_TOWNSHIP, 'not-a-uuid'],
  village: [VILLAGE, TOWNSHIP, '1410', '9999', 'abc'],
  code: [VILLAGE, TOWNSHIP, '1410', '141002', '14', '1', '0000000000000', 'abc'],
  regionCode: [TOWNSHIP, '141002', VILLAGE, '1410', '999999999', 'abc'],
  id: [GRID_A, 'template.xlsx', 'not-a-uuid']
}

/** Values that reach past the first check: real ids and codes, edge strings, wrong types. */
function valueArbitrary(known: { ids: string[] }): fc.Arbitrary<unknown> {
  const strings = fc.constantFrom(
    '', ' ', '　', '+86', '13800001111', '110101199003074514', '11010119900307451X', 'registered', 'refused', 'in_person',
    'screenshot', 'cases_explained', 'yes', 'not_registered', 'priority', '2026Q4', '2026-10-01..2026-12-31', '2026-13-01',
    '2026-11-14T09:30:00+08:00', 'x'.repeat(300), '\u0000', '😀', '<script>', "'; drop table households; --", '%', '_',
    VILLAGE, TOWNSHIP, '1410', '141002', '99', GRID_A, GRID_OTHER_TOWNSHIP, 'true', 'false', '-1', '1e400'
  )
  const scalar = fc.oneof(strings, fc.constantFrom(...known.ids), fc.uuid(), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null))
  return fc.oneof(
    { weight: 5, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('group', 'door', 'text', 'place', 'name'), scalar, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) }
  )
}

/** A push whose envelopes are valid and whose payloads carry the type's own field names with random values. */
function pushArbitrary(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const envelope = fc.constantFrom(...MUTATION_TYPES).chain((type) => {
    const schema = MUTATIONS[type].schema
    const fields = schema instanceof z.ZodObject ? Object.keys(schema.shape) : ['id', 'memberId', 'householdId', 'status', 'evidence', 'reason']
    return fc.record({
      id: fc.uuid({ version: 4 }),
      type: fc.constant(type),
      payload: fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length }),
      at: fc.constant('2026-11-14T09:30:00+08:00')
    })
  })
  return fc.record({ clientId: fc.uuid({ version: 4 }), mutations: fc.array(envelope, { minLength: 1, maxLength: 3 }) })
}

/** A query value as text: strings as they are, anything else as its JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined')
}

describe.each(databases())('no input makes the server answer 5xx on %s', (dialect: TestDialect) => {
  let server: TestServer
  const sessions: Array<Record<string, string>> = [{}]
  const known = { ids: [GRID_A, uuid(), uuid()] }

  beforeAll(async () => {
    server = await startServer(dialect)
    await seedWorld(server.database.db)
    for (const who of ['worker', 'village', 'official', 'admin'] as FixtureUser[]) sessions.push(await login(server, who))
    const [household, member] = [known.ids[1], known.ids[2]]
    await push(server, sessions[1] as { authorization: string }, [
      householdUpsert({ id: household, gridId: GRID_A }),
      memberUpsert({ id: member, householdId: household, name: '模糊测试', birthYear: 1970 })
    ])
  })
  afterAll(() => server.close())

  test('every documented operation, every role', async () => {
    const operations = operationsOf(server.app.swagger())
    expect(operations.length).toBeGreaterThan(10)
    const value = valueArbitrary(known)
    const named = (name: string): fc.Arbitrary<string> => {
      const likely = [...(BY_NAME[name] ?? []), ...(name === 'id' ? known.ids : [])]
      const any = value.map(asText)
      return likely.length === 0 ? any : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: any })
    }

    for (const operation of operations) {
      const pathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1])
      const body =
        operation.path === '/api/v1/sync/push'
          ? fc.oneof({ weight: 3, arbitrary: pushArbitrary(value) }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) })
          : fc.oneof(
              { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...operation.bodyNames, 'extra'), value, { maxKeys: operation.bodyNames.length + 1 }) },
              { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) }
            )
      const query = fc.record(Object.fromEntries([...operation.queryNames, 'extra'].map((name) => [name, named(name)])), { requiredKeys: [] })
      const segments = fc.tuple(...pathNames.map(named))
      for (const headers of sessions) {
        await fc.assert(
          fc.asyncProperty(segments, query, body, async (values, params, payload) => {
            let next = 0
            const path = operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[next++]))
            const search = new URLSearchParams(params as Record<string, string>).toString()
            const withBody = operation.method !== 'get' && operation.method !== 'delete'
            const response = await server.app.inject({
              method: operation.method.toUpperCase() as 'GET',
              url: search ? `${path}?${search}` : path,
              headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
              ...(withBody ? { payload: JSON.stringify(payload) ?? 'null' } : {})
            })
            const where = `${operation.method.toUpperCase()} ${path}?${search} ${withBody ? JSON.stringify(payload) : ''}`
            if (response.statusCode >= 500) throw new Error(`${response.statusCode} for ${where}: ${response.body}`)
            if (response.statusCode >= 400) {
              const error = response.json().error
              if (typeof error?.code !== 'string' || !CJK.test(error?.message ?? '')) {
                throw new Error(`refusal without a Chinese message for ${where}: ${response.body}`)
              }
            }
          }),
          { numRuns: dialect === 'sqlite' ? 40 : 15 }
        )
      }
    }
  }, 300_000)

  test('malformed multipart to every documented operation, every role', async () => {
    const operations = operationsOf(server.app.swagger()).filter((operation) => operation.method !== 'get')
    const boundary = 'wuzha-fuzz'
    const part = (headers: string, body: string) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`
    const contentType = fc.constantFrom(
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=""',
      `multipart/form-data; boundary=${boundary}`,
      `multipart/form-data; boundary=${boundary}; charset=utf-8`,
      `multipart/form-data;boundary="${boundary}"`,
      'multipart/mixed; boundary=x'
    )
    const body = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '',
        part('Content-Disposition: form-data; name="file"; filename="a.xlsx"', 'PK\u0003\u0004'),
        part('Content-Disposition: form-data; name="file"; filename="a.xlsx"', 'x') + `--${boundary}--\r\n`,
        part('Content-Disposition: form-data; name="file"', 'x') + `--${boundary}--\r\n`,
        part('Content-Type: text/plain', 'no disposition') + `--${boundary}--\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\ntruncated`,
        `--${boundary}--\r\n`,
        part('Content-Disposition: form-data; name="other"', 'value') + part('Content-Disposition: form-data; name="file"; filename="b"', 'y') + `--${boundary}--\r\n`
      )
    )
    for (const operation of operations) {
      const path = operation.path.replace(/\{[^}]+\}/g, () => known.ids[0])
      const query = operation.path === '/api/v1/imports/households' ? `?grid=${GRID_A}` : ''
      for (const headers of sessions) {
        await fc.assert(
          fc.asyncProperty(contentType, body, async (type, payload) => {
            const response = await server.app.inject({
              method: operation.method.toUpperCase() as 'POST',
              url: `${path}${query}`,
              headers: { ...headers, 'content-type': type },
              payload
            })
            const where = `${operation.method.toUpperCase()} ${path}${query} (${type}) ${JSON.stringify(payload).slice(0, 200)}`
            if (response.statusCode >= 500) throw new Error(`${response.statusCode} for ${where}: ${response.body}`)
            if (response.statusCode >= 400 && !CJK.test(response.json().error?.message ?? '')) {
              throw new Error(`refusal without a Chinese message for ${where}: ${response.body}`)
            }
          }),
          { numRuns: dialect === 'sqlite' ? 25 : 10 }
        )
      }
    }
  }, 300_000)
})
