import fs from 'node:fs'
import path from 'node:path'
import { fmt, markdownTable, type BenchSection, printSection } from './lib/stats'

/**
 * What the H5 build's service worker precaches — what a phone downloads on its first online visit
 * so that every page opens without signal — read from the production build in dist/h5 (this never
 * builds; run `npm run build:h5` first): the manifest Workbox wrote into sw.js, each file's size on
 * disk and on the wire (its brotli and gzip twins, which the server sends to browsers that accept them;
 * the file itself where the build wrote none), and any file of the build left out of it (which would
 * break that page offline).
 *
 *   npx tsx bench/precache.ts
 */

export const H5_DIR = path.resolve(__dirname, '../dist/h5')

export interface PrecacheSize {
  files: number
  bytes: number
  /** What goes over the network to a browser accepting brotli, and one accepting only gzip. */
  brBytes: number
  gzBytes: number
  byKind: Record<string, { files: number; bytes: number; brBytes: number }>
  largest: Array<{ url: string; bytes: number }>
  /** Files of the build a browser may fetch that the manifest does not list. */
  missing: string[]
  swBytes: number
  builtAt: Date
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}

export function measurePrecache(dir: string = H5_DIR): PrecacheSize | null {
  const swPath = path.join(dir, 'sw.js')
  if (!fs.existsSync(swPath)) return null
  const sw = fs.readFileSync(swPath, 'utf8')
  // Workbox writes the manifest as a literal array of {url, revision} objects (minified: {url:"/js/…",revision:null}).
  const urls = [...sw.matchAll(/\{\s*"?url"?\s*:\s*"([^"]+)"\s*,\s*"?revision"?/g)].map(([, url]) => url)
  const byKind: PrecacheSize['byKind'] = {}
  const sizes = urls.map((url) => {
    const file = path.join(dir, url)
    const bytes = fs.statSync(file).size
    const brBytes = sizeOrFallback(`${file}.br`, bytes)
    const gzBytes = sizeOrFallback(`${file}.gz`, bytes)
    const kind = path.extname(url).slice(1) || 'other'
    const entry = byKind[kind] ?? { files: 0, bytes: 0, brBytes: 0 }
    byKind[kind] = { files: entry.files + 1, bytes: entry.bytes + bytes, brBytes: entry.brBytes + brBytes }
    return { url, bytes, brBytes, gzBytes }
  })
  const listed = new Set(urls)
  const missing = listFiles(dir)
    .map((file) => `/${path.relative(dir, file).split(path.sep).join('/')}`)
    .filter((url) => url !== '/sw.js' && !url.endsWith('.LICENSE.txt') && !url.endsWith('.map') && !/\.(br|gz)$/.test(url) && !listed.has(url))
  const total = (key: 'bytes' | 'brBytes' | 'gzBytes') => sizes.reduce((sum, entry) => sum + entry[key], 0)
  return {
    files: urls.length,
    bytes: total('bytes'),
    brBytes: total('brBytes'),
    gzBytes: total('gzBytes'),
    byKind,
    largest: sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 4).map(({ url, bytes }) => ({ url, bytes })),
    missing,
    swBytes: Buffer.byteLength(sw),
    builtAt: fs.statSync(swPath).mtime
  }
}

function sizeOrFallback(file: string, fallback: number): number {
  return fs.existsSync(file) ? fs.statSync(file).size : fallback
}

const kb = (bytes: number) => fmt(bytes / 1024, 1)
const percent = (part: number, whole: number) => `${fmt((100 * part) / whole, 0)} %`

export function precacheMarkdown(result: PrecacheSize | null): string {
  if (!result) {
    return 'No production H5 build at `dist/h5` (no sw.js): nothing measured. Build with `npm run build:h5`, then run `npx tsx bench/precache.ts`.'
  }
  const rows = Object.entries(result.byKind)
    .sort(([, a], [, b]) => b.bytes - a.bytes)
    .map(([kind, entry]) => [kind, fmt(entry.files), kb(entry.bytes), kb(entry.brBytes)])
  return [
    `Build in \`dist/h5\` dated ${result.builtAt.toISOString()} (sw.js mtime). The service worker precaches`,
    `**${fmt(result.files)} files, ${kb(result.bytes)} KB (${fmt(result.bytes)} bytes)** — downloaded once on the first online visit,`,
    'then only changed files per deployment (chunk names carry their content hash). On the wire that is',
    `**${kb(result.brBytes)} KB with brotli** (${percent(result.brBytes, result.bytes)} of the bytes) or ${kb(result.gzBytes)} KB with gzip`,
    `(${percent(result.gzBytes, result.bytes)}): the build writes both twins and the server sends the one the browser accepts.`,
    `The service worker script itself is ${kb(result.swBytes)} KB. Sizes in KB of 1,024 bytes, as on disk.`,
    '',
    markdownTable(['kind', 'files', 'KB', 'KB brotli'], rows),
    '',
    `Largest: ${result.largest.map((entry) => `${entry.url} ${kb(entry.bytes)}`).join(', ')}.`,
    '',
    result.missing.length === 0
      ? 'Every file of the build is precached (webpack\'s `*.LICENSE.txt` notes and sw.js itself aside).'
      : `**Not precached** (these pages would not open offline): ${result.missing.join(', ')}.`
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  return { title: 'H5 service worker precache', markdown: precacheMarkdown(measurePrecache()), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)
