import { AsyncLocalStorage } from 'node:async_hooks'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import Fastify, { type FastifyInstance } from 'fastify'
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely'
import type { DialectName } from '../server/src/db/database'
import { buildApp } from '../server/src/app'
import { importRegions } from '../server/src/regions/importRegions'
import type { HouseholdSummary, Page } from '../src/core/api'
import { benchDialects, benchTmpRoot, signedIn, startBenchServer, type BenchServer } from './lib/server'
import { TownshipData } from './lib/township'
import { fmt, fmtRatio, log, markdownTable, samples, type BenchSection, type Samples, printSection } from './lib/stats'

/**
 * HTTP throughput over real sockets (issue #10 point 4): autocannon, in its own process, sends
 * GET /api/v1/households (the first page of a 3,000-household grid, as a grid worker) to three servers
 * in turn, each listening on loopback in this process:
 *
 * - **ours**: the real app (`buildApp`) with request logging off;
 * - **ours, logged**: the same app with the production logger (pino at `info`, one line per request
 *   from plugins/app/requestLog) writing to a file, as `npm start` writes to stdout;
 * - **bare**: a Fastify with nothing but one route that runs the very statements the real endpoint ran
 *   (recorded from one real request: the session look-up included) and sends the JSON the real endpoint
 *   answered. What ours costs beyond it is authentication, authorization, decryption, mapping and
 *   schema serialization.
 *
 * The variants alternate within each run (so a slow moment of the machine hurts all three), every run
 * checks 0 errors and 0 non-2xx answers, and the figures are medians over the runs.
 *
 *   npx tsx bench/http.ts                                    (BENCH_DATABASE_URL=… adds PostgreSQL)
 *   HTTP_BENCH_SECONDS=20 HTTP_BENCH_RUNS=5 HTTP_BENCH_CONNECTIONS=50 npx tsx bench/http.ts
 */

const execFileAsync = promisify(execFile)
const CITY = '1410'
const VILLAGE = '141002103201'
const GRID_ID = 'c1f0b6f2-7c1d-4e59-8b2a-9f0e1d2c3b4a'
const WORKER_ID = 'bench-http-worker'
const GRID_HOUSEHOLDS = 3_000
const SECONDS = Number(process.env.HTTP_BENCH_SECONDS || 20)
const RUNS = Number(process.env.HTTP_BENCH_RUNS || 5)
const CONNECTIONS = Number(process.env.HTTP_BENCH_CONNECTIONS || 50)
const WARM_UP_SECONDS = 3
const AUTOCANNON = path.resolve(__dirname, '../node_modules/autocannon/autocannon.js')
const LIST_PATH = `/api/v1/households?grid=${GRID_ID}`

type Variant = 'ours' | 'logged' | 'bare'
const VARIANT_LABELS: Record<Variant, string> = {
  ours: 'ours (request log off)',
  logged: 'ours, request log on (pino `info` to a file)',
  bare: 'bare Fastify route: the same statements, the same JSON'
}

interface LoadResult {
  requestsPerSecond: number
  p99Ms: number
  errors: number
}

/** One autocannon run against `url` in a child process (so the load generator has its own core). */
async function load(url: string, authorization: string, seconds: number): Promise<LoadResult> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), '-H', `authorization=${authorization}`, url],
    { maxBuffer: 64 * 1024 * 1024 }
  )
  const result = JSON.parse(stdout) as {
    requests: { total: number }
    latency: { p99: number }
    errors: number
    timeouts: number
    non2xx: number
    duration: number
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx
  }
}

/**
 * The statements one real request runs, in order, compiled by the real dialect: the app is built once
 * more on a recording Kysely, and only queries made inside the request's async context are kept (the
 * app's start-up jobs run outside it).
 */
async function statementsOf(server: BenchServer, authorization: string): Promise<{ statements: CompiledQuery[]; body: unknown }> {
  const context = new AsyncLocalStorage<RootOperationNode[]>()
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      context.getStore()?.push(args.node)
      return args.node
    },
    transformResult: async (args) => args.result
  }
  const recording = await buildApp({ config: server.config, database: { ...server.database, db: server.database.db.withPlugin(recorder) }, cipher: server.cipher })
  await recording.ready()
  // A socket of our own that hands each request to Fastify inside the context (inject would run it in
  // the context of the app's start-up instead).
  const nodes: RootOperationNode[] = []
  const socket = http.createServer((request, response) => context.run(nodes, () => recording.routing(request, response)))
  try {
    await new Promise<void>((resolve) => socket.listen(0, '127.0.0.1', resolve))
    const { port } = socket.address() as AddressInfo
    const response = await fetch(`http://127.0.0.1:${port}${LIST_PATH}`, { headers: { authorization } })
    if (response.status !== 200) throw new Error(`recording request answered ${response.status}`)
    const body: unknown = await response.json()
    const executor = server.database.db.getExecutor()
    return { statements: nodes.map((node) => executor.compileQuery(node, createQueryId())), body }
  } finally {
    await new Promise((resolve) => socket.close(resolve))
    await recording.close()
  }
}

/** The baseline: one route, the recorded statements run one after another, the recorded answer sent. */
async function bareServer(server: BenchServer, statements: ReadonlyArray<CompiledQuery>, body: unknown): Promise<FastifyInstance> {
  const bare = Fastify({ logger: false })
  const db = server.database.db
  bare.get('/api/v1/households', async () => {
    for (const statement of statements) await db.executeQuery(statement)
    return body
  })
  return bare
}

async function listen(app: FastifyInstance): Promise<string> {
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return `${address}${LIST_PATH}`
}

export interface HttpFigures {
  dialect: DialectName
  statements: number
  bodyBytes: number
  requestsPerSecond: Record<Variant, Samples>
  p99Ms: Record<Variant, Samples>
  logBytesPerRequest: number
}

export async function measureHttp(dialect: DialectName): Promise<HttpFigures> {
  const server = await startBenchServer(dialect)
  const logFile = path.join(fs.mkdtempSync(path.join(benchTmpRoot(), 'wuzha-http-log-')), 'server.log')
  const apps: FastifyInstance[] = []
  try {
    const db = server.database.db
    await importRegions(db, CITY)
    await new TownshipData(server.database, WORKER_ID, 0x7a_0003).write([{ id: GRID_ID, villageCode: VILLAGE, households: GRID_HOUSEHOLDS }])
    const { authorization } = await signedIn(server, { id: WORKER_ID, name: '张晓燕', role: 'grid_worker', scopeRegionCode: VILLAGE, gridIds: [GRID_ID] })

    const { statements, body } = await statementsOf(server, authorization)
    const page = body as Page<HouseholdSummary>
    if (page.items.length !== 50) throw new Error(`first page holds ${page.items.length} households`)
    const logStream = fs.createWriteStream(logFile)
    const logged = await buildApp({ config: server.config, database: server.database, cipher: server.cipher }, { logger: { level: 'info', stream: logStream } })
    const bare = await bareServer(server, statements, body)
    apps.push(server.app, logged, bare)
    const urls: Record<Variant, string> = { ours: await listen(server.app), logged: await listen(logged), bare: await listen(bare) }
    log(`http/${dialect}: ${statements.length} statements per request; warming up`)
    for (const url of Object.values(urls)) await load(url, authorization, WARM_UP_SECONDS)

    const rates: Record<Variant, number[]> = { ours: [], logged: [], bare: [] }
    const p99s: Record<Variant, number[]> = { ours: [], logged: [], bare: [] }
    let loggedRequests = 0
    const logBytesBefore = () => (fs.existsSync(logFile) ? fs.statSync(logFile).size : 0)
    let logBytes = 0
    for (let runIndex = 0; runIndex < RUNS; runIndex++) {
      for (const variant of ['ours', 'logged', 'bare'] as const) {
        const before = logBytesBefore()
        const result = await load(urls[variant], authorization, SECONDS)
        if (result.errors !== 0) throw new Error(`http/${dialect} ${variant}: ${result.errors} errors or non-2xx answers`)
        rates[variant].push(result.requestsPerSecond)
        p99s[variant].push(result.p99Ms)
        if (variant === 'logged') {
          loggedRequests += Math.round(result.requestsPerSecond * SECONDS)
          logBytes += logBytesBefore() - before
        }
        log(`http/${dialect} run ${runIndex + 1}/${RUNS} ${variant}: ${fmt(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms`)
      }
    }
    logStream.end()
    return {
      dialect,
      statements: statements.length,
      bodyBytes: JSON.stringify(body).length,
      requestsPerSecond: { ours: samples(rates.ours), logged: samples(rates.logged), bare: samples(rates.bare) },
      p99Ms: { ours: samples(p99s.ours), logged: samples(p99s.logged), bare: samples(p99s.bare) },
      logBytesPerRequest: loggedRequests > 0 ? logBytes / loggedRequests : 0
    }
  } finally {
    for (const app of apps.slice(1)) await app.close()
    await server.close()
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true })
  }
}

const rate = (s: Samples) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`

export function httpMarkdown(figures: ReadonlyArray<HttpFigures>): string {
  const rows = figures.flatMap((f) =>
    (['ours', 'logged', 'bare'] as const).map((variant) => [
      f.dialect,
      VARIANT_LABELS[variant],
      rate(f.requestsPerSecond[variant]),
      `${fmt(f.p99Ms[variant].median)} ms`,
      variant === 'bare' ? '1.00×' : fmtRatio(f.requestsPerSecond[variant].median / f.requestsPerSecond.bare.median)
    ])
  )
  const notes = figures.map((f) => {
    const ours = f.requestsPerSecond.ours.median
    const loggingCost = 1 - f.requestsPerSecond.logged.median / ours
    return (
      `- ${f.dialect}: ours answers ${(100 * (ours / f.requestsPerSecond.bare.median)).toFixed(0)}% of the bare route's rate ` +
      `(target ≥ 50%); request logging costs ${(100 * loggingCost).toFixed(1)}% (target < 5%; negative is noise) at ` +
      `${fmt(f.logBytesPerRequest)} bytes of log a request. ${f.statements} statements per request, ${fmt(f.bodyBytes)} bytes of JSON.`
    )
  })
  return [
    `\`GET ${LIST_PATH.replace(GRID_ID, '…')}\`: the first page (50) of a ${fmt(GRID_HOUSEHOLDS)}-household grid, as its grid worker,`,
    `over loopback sockets; autocannon (\`node_modules/autocannon\`, its own process) with ${CONNECTIONS} connections for`,
    `${SECONDS} s per variant, the variants alternating, ${RUNS} runs; every run had 0 errors and 0 non-2xx answers.`,
    'Requests per second: median (min–max); p99 latency: median of the runs.',
    '',
    markdownTable(['database', 'server', 'requests/s', 'p99', 'of bare'], rows),
    '',
    ...notes,
    '',
    'The log line (`plugins/app/requestLog.ts`): method, route pattern, the query with every value outside a short',
    'list redacted, status and time — never a body, a path or a header. The server writes it to stdout; rotation is',
    'left to what collects stdout (README, 日志).'
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  const figures: HttpFigures[] = []
  for (const dialect of benchDialects()) figures.push(await measureHttp(dialect))
  return { title: 'HTTP throughput (autocannon)', markdown: httpMarkdown(figures), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)
