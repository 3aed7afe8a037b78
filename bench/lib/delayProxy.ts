import net from 'node:net'
import { performance } from 'node:perf_hooks'

/** A TCP hop that delays traffic: PostgreSQL "on another host" for a benchmark on one machine. */
export interface DelayProxy {
  host: string
  port: number
  close(): Promise<void>
}

/**
 * Listens on a loopback port and forwards every connection to `target`, holding each chunk bound for the
 * target `delayMs` before writing it on (answers come back at once): every request–answer round trip
 * pays `delayMs` more, which is how a database on another host costs a client that waits for each
 * answer. Chunks keep their order. Node's timers have 1 ms resolution, so `delayMs` below 1 acts as 1;
 * measure the hop (bench/push.ts does) rather than trust the setting.
 */
export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true)
      sockets.add(socket)
      socket.on('error', () => close())
      socket.on('close', () => close())
    }
    function close() {
      for (const socket of [client, upstream]) {
        socket.destroy()
        sockets.delete(socket)
      }
    }
    forwardDelayed(client, upstream, delayMs)
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    host: '127.0.0.1',
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** Writes each chunk read from `from` to `to` once it has waited `delayMs`, in order. */
function forwardDelayed(from: net.Socket, to: net.Socket, delayMs: number): void {
  const queue: Array<{ due: number; chunk: Buffer }> = []
  let timer: NodeJS.Timeout | null = null
  const flush = () => {
    timer = null
    // A timer may fire a hair before `due` by the high-resolution clock: within a quarter of a millisecond is due.
    const now = performance.now() + 0.25
    while (queue.length > 0 && queue[0].due <= now) to.write(queue.shift()!.chunk)
    if (queue.length > 0) timer = setTimeout(flush, queue[0].due - performance.now())
  }
  from.on('data', (chunk: Buffer) => {
    queue.push({ due: performance.now() + delayMs, chunk })
    timer ??= setTimeout(flush, delayMs)
  })
}
