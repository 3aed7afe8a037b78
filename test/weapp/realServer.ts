/**
 * The real API server with the server tests' world (test/server/fixtures), listening on a free
 * loopback port, for compiled-app tests that talk to the server itself. The jsdom environment of those
 * tests cannot load the server (no TextEncoder, no setImmediate), so it runs as a child process:
 * `startRealServer()` spawns this file and waits for its address.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import type { RecordedRequest } from './harness'

export interface RealServer {
  baseUrl: string
  stop(): Promise<void>
}

export function startRealServer(): Promise<RealServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve'], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${log}`)), 60_000)
    child.stderr?.on('data', (chunk) => (log += chunk))
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${log}`)))
    child.stdout?.on('data', (chunk) => {
      log += chunk
      const match = /LISTENING (\S+)/.exec(log)
      if (!match) return
      clearTimeout(timer)
      resolve({
        baseUrl: match[1],
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          })
      })
    })
  })
}

/** Answers a recorded `wx.request` from the real server. */
export function forward(baseUrl: string, request: RecordedRequest): Promise<{ status: number; data: unknown }> {
  const url = new URL(request.url)
  const body = request.data === undefined ? undefined : JSON.stringify(request.data)
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${baseUrl}${url.pathname}${url.search}`,
      { method: request.method, headers: { ...request.header, ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}) } },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, data: text ? JSON.parse(text) : '' }))
      }
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

/** A request to the real server as `token` (or signed out), outside the app. */
export function callServer(baseUrl: string, method: string, pathAndQuery: string, token: string | null, data?: unknown): Promise<{ status: number; data: unknown }> {
  return forward(baseUrl, {
    method,
    url: `${baseUrl}${pathAndQuery}`,
    path: pathAndQuery.split('?')[0],
    query: {},
    data,
    header: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) }
  })
}

async function serve(): Promise<void> {
  const { startServer } = await import('../server/harness')
  const { seedWorld } = await import('../server/fixtures')
  const server = await startServer('sqlite')
  await seedWorld(server.database.db)
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' })
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
  process.stdout.write(`LISTENING ${address}\n`)
}

if (process.argv.includes('--serve')) void serve()
